package com.keepintouch.platform.domain;

/**
 * One field that breaks a rule, and how, in words the caller reads ("must not be blank"). The
 * field may be a name the caller sent (an unknown one): a long one is {@link Quoted quoted} short.
 */
public record Violation(String field, String message) {

    public Violation {
        field = Quoted.of(field);
    }
}
