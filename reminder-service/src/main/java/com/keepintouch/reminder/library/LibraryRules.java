package com.keepintouch.reminder.library;

import com.keepintouch.platform.domain.HttpLinks;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.reminder.relationship.domain.ReminderSettings;
import com.keepintouch.reminder.relationship.domain.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What an item of a library and a tag cadence must be; text is trimmed, topics are kept once each. */
final class LibraryRules {

    static final int MAX_TITLE = 300;
    static final int MAX_TOPICS = 20;
    static final int MAX_TOPIC = 60;
    /** As long as contact-service lets a contact's tag be. */
    static final int MAX_TAG = 50;

    private LibraryRules() {}

    /** An item as given. */
    record ShareableDraft(String url, String title, List<String> topics) {

        /** Trimmed, its topics kept once each (the first spelling of each, compared without case). */
        ShareableDraft normalized() {
            return new ShareableDraft(url.strip(), title.strip(), distinct(topics));
        }
    }

    /** The rules {@code draft} (as given) breaks; empty when it is an item of a library. */
    static List<Violation> check(ShareableDraft draft) {
        List<Violation> violations = new ArrayList<>();
        HttpLinks.refusal(draft.url()).ifPresent(m -> violations.add(new Violation("url", m)));
        String title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty()) {
            violations.add(new Violation("title", "must not be blank"));
        } else if (title.length() > MAX_TITLE) {
            violations.add(new Violation("title", "must be at most " + MAX_TITLE + " characters"));
        }
        List<String> topics = draft.topics();
        if (topics == null || topics.isEmpty()) {
            violations.add(new Violation("topics", "must name at least one topic"));
            return violations;
        }
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i) == null ? "" : topics.get(i).strip();
            if (topic.isEmpty()) {
                violations.add(new Violation("topics[" + i + "]", "must not be blank"));
            } else if (topic.length() > MAX_TOPIC) {
                violations.add(new Violation("topics[" + i + "]", "must be at most " + MAX_TOPIC + " characters"));
            }
        }
        if (violations.isEmpty() && distinct(topics).size() > MAX_TOPICS) {
            violations.add(new Violation("topics", "must have at most " + MAX_TOPICS + " different topics"));
        }
        return violations;
    }

    /** The rules a tag cadence breaks; empty when it is one. */
    static List<Violation> checkCadence(String tag, Integer days) {
        List<Violation> violations = new ArrayList<>();
        if (tag == null || tag.isBlank()) {
            violations.add(new Violation("tag", "must not be blank"));
        } else if (tag.strip().length() > MAX_TAG) {
            violations.add(new Violation("tag", "must be at most " + MAX_TAG + " characters"));
        }
        if (days == null) {
            violations.add(new Violation("days", "is required"));
        } else if (days < 1 || days > ReminderSettings.MAX_CADENCE_DAYS) {
            violations.add(
                    new Violation("days", "must be between 1 and " + ReminderSettings.MAX_CADENCE_DAYS + " days"));
        }
        return violations;
    }

    /** A tag as it is matched: trimmed, lower case (Locale.ROOT). */
    static String tagKey(String tag) {
        return Tags.key(tag);
    }

    private static List<String> distinct(List<String> topics) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String topic : topics) {
            String trimmed = topic.strip();
            seen.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
        }
        return List.copyOf(seen.values());
    }
}
