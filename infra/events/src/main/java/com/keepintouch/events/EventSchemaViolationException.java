package com.keepintouch.events;

import java.util.List;

/** An event that does not satisfy the schema of its type. */
public class EventSchemaViolationException extends RuntimeException {

    private final List<String> violations;

    public EventSchemaViolationException(String type, List<String> violations) {
        super("Event of type '" + type + "' violates its schema: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
