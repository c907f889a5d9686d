package com.keepintouch.reminder.relationship.domain;

/** The kinds of touchpoint; a NOTE is kept but is not a touch. */
public enum InteractionType {
    MEETING,
    CALL,
    EMAIL,
    MESSAGE,
    EVENT,
    ARTICLE_SHARED,
    INTRODUCTION,
    FAVOR_ASKED,
    FAVOR_GIVEN,
    NOTE;

    public boolean isTouch() {
        return this != NOTE;
    }

    /** Something useful given without asking for anything back. */
    public boolean isGive() {
        return this == ARTICLE_SHARED || this == INTRODUCTION || this == FAVOR_GIVEN;
    }

    public boolean isAsk() {
        return this == FAVOR_ASKED;
    }
}
