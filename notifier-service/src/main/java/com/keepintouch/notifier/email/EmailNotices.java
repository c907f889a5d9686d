package com.keepintouch.notifier.email;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.system.EmailProperties;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The emails events cause: a reminder for people who want them at once, and notice of a disabled endpoint. */
@Component
public class EmailNotices {

    /** The types that are reminders; {@code recovered} and {@code snoozed} are not. */
    static final Set<String> REMINDERS = Set.of(
            "relationship.due", "relationship.overdue", "relationship.non_responsive", "relationship.ask_too_soon");

    private final Preferences preferences;
    private final EmailTemplates templates;
    private final EmailProperties properties;

    EmailNotices(Preferences preferences, EmailTemplates templates, EmailProperties properties) {
        this.preferences = preferences;
        this.templates = templates;
        this.properties = properties;
    }

    /** The email of one reminder, if its owner wants reminders at once. */
    public Optional<Delivery> reminder(
            String messageId, String eventId, String eventType, RelationshipState state, Instant now, Instant lease) {
        if (!REMINDERS.contains(eventType)) {
            return Optional.empty();
        }
        return preferences
                .cached(state.ownerId())
                .filter(p -> p.mode() == Preference.Mode.IMMEDIATE && p.email() != null)
                .map(p -> Delivery.email(
                        messageId,
                        p.ownerId(),
                        state.contactId(),
                        eventId,
                        eventType,
                        templates.reminder(p.email(), eventType, state),
                        now,
                        lease));
    }

    /** The email telling an endpoint's owner it was disabled, and how to enable it again. */
    public Delivery endpointDisabled(
            String eventId,
            String ownerId,
            String endpointId,
            String url,
            String reason,
            String detail,
            Instant now,
            Instant lease) {
        String to = preferences
                .cached(ownerId)
                .map(Preference::email)
                .filter(e -> !e.isBlank())
                .orElse(properties.fallbackAddress());
        return Delivery.email(
                "endpoint.disabled:" + eventId,
                ownerId,
                null,
                eventId,
                "endpoint.disabled",
                templates.endpointDisabled(to, endpointId, url, reason, detail),
                now,
                lease);
    }
}
