package com.keepintouch.reminder.relationship.domain;

/**
 * What an ARTICLE_SHARED interaction shared: an item of the owner's library, a link, or both.
 * At least one of the two is set.
 */
public record SharedItem(String shareableId, String url) {}
