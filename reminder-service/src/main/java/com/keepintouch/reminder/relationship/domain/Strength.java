package com.keepintouch.reminder.relationship.domain;

import java.util.List;

/**
 * How strong a relationship is, 0 to 100, with what it is made of (docs/rules.md, "Strength").
 *
 * @param raiseMost the one thing that would raise the score most, in words
 */
public record Strength(int score, List<StrengthComponent> components, String raiseMost) {

    public Strength {
        components = List.copyOf(components);
    }
}
