package com.keepintouch.reminder.relationship.domain;

import java.util.List;

/**
 * The item of the owner's library a due relationship's suggested action names.
 *
 * @param matched what of the contact the item's topics matched (a tag, the company, the title), in words
 * @param why the sentence that says why this item, for this contact
 */
public record Suggestion(String shareableId, String title, String url, List<String> matched, String why) {

    public Suggestion {
        matched = List.copyOf(matched);
    }
}
