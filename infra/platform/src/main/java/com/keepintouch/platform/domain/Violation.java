package com.keepintouch.platform.domain;

/** One field that breaks a rule, and how, in words the caller reads ("must not be blank"). */
public record Violation(String field, String message) {}
