package com.keepintouch.reminder.relationship.domain;

/**
 * One part of a relationship's strength.
 *
 * @param name recency, frequency, reciprocity or tenure
 * @param weight the points it can give at most; the weights add up to 100
 * @param value how much of it the relationship has, from 0 to 1
 * @param points weight times value, rounded
 * @param explanation the sentence that says where the value comes from
 */
public record StrengthComponent(String name, int weight, double value, int points, String explanation) {}
