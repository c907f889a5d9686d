package com.keepintouch.contact.contacts.domain;

/** One field that breaks a rule, and how. */
public record Violation(String field, String message) {}
