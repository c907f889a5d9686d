package com.keepintouch.interaction.interactions.domain;

/** Kinds of touchpoint. Gives: ARTICLE_SHARED, INTRODUCTION, FAVOR_GIVEN; an ask: FAVOR_ASKED; NOTE is no touch. */
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
    NOTE
}
