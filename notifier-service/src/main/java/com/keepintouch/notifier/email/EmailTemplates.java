package com.keepintouch.notifier.email;

import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.EndpointDisabled;
import com.keepintouch.notifier.system.EmailProperties;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The emails, each with a text and an HTML part, rendered from the Mustache templates in
 * {@code templates/email/} ({@code <name>.txt} and {@code <name>.html}). The HTML part escapes every
 * value by default, so whatever comes from users (names, reasons, URLs) is shown, never run; a
 * suggestion's url becomes a link only when it is http or https.
 */
@Component
class EmailTemplates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

    private final EmailProperties properties;
    private final Parts reminder;
    private final Parts digest;
    private final Parts endpointDisabled;

    EmailTemplates(Mustache.Compiler compiler, EmailProperties properties) {
        this.properties = properties;
        Mustache.Compiler html = compiler.withEscaper(HtmlUtils::htmlEscape).nullValue("");
        Mustache.Compiler text = compiler.escapeHTML(false).nullValue("");
        this.reminder = Parts.load(text, html, "reminder");
        this.digest = Parts.load(text, html, "digest");
        this.endpointDisabled = Parts.load(text, html, "endpoint-disabled");
    }

    /** One email's two templates. */
    private record Parts(Template text, Template html) {

        static Parts load(Mustache.Compiler text, Mustache.Compiler html, String name) {
            return new Parts(text.loadTemplate("email/" + name + ".txt"), html.loadTemplate("email/" + name + ".html"));
        }

        EmailDestination render(String to, String subject, Map<String, Object> values) {
            return new EmailDestination(to, subject, text.execute(values), html.execute(values), null);
        }
    }

    EmailDestination reminder(String to, String eventType, RelationshipState state) {
        String headline = switch (eventType) {
            case "relationship.overdue" -> state.contactName() + " is overdue for a touch";
            case "relationship.non_responsive" -> state.contactName() + " has not answered for a while";
            case "relationship.ask_too_soon" -> "Give before you ask " + state.contactName();
            default -> "Time to get in touch with " + state.contactName();
        };
        Map<String, Object> values = new HashMap<>();
        values.put("headline", headline);
        values.put("reasons", state.reasons());
        values.put("suggestedAction", state.suggestedAction());
        values.put("strength", strength(state));
        values.put("reciprocity", state.reciprocity().isEmpty() ? null : String.join(" ", state.reciprocity()));
        Map<String, Object> suggestion = suggestion(state);
        if (suggestion != null
                && state.suggestedAction() != null
                && suggestion.get("why") instanceof String why
                && state.suggestedAction().contains(why)) {
            // The action already says why; the email says it once.
            suggestion.remove("why");
        }
        values.put("suggestion", suggestion);
        return reminder.render(to, headline, values);
    }

    EmailDestination digest(String to, String periodKey, ZoneId zone, List<RelationshipState> states) {
        String when = LocalDate.parse(periodKey.substring(1)).format(DAY);
        String period = (periodKey.startsWith("W") ? "week of " : "") + when;
        String subject = states.size() == 1
                ? "1 relationship needs you (" + period + ")"
                : states.size() + " relationships need you (" + period + ")";
        Map<String, Object> values = new HashMap<>();
        values.put("when", when);
        values.put("zone", zone.getId());
        values.put(
                "states",
                states.stream()
                        .map(state -> {
                            Map<String, Object> each = new HashMap<>();
                            each.put("contactName", state.contactName());
                            each.put("status", state.status());
                            each.put("reasons", state.reasons());
                            each.put("suggestedAction", state.suggestedAction());
                            each.put("strength", strength(state));
                            return each;
                        })
                        .toList());
        List<Map<String, Object>> suggestions = states.stream()
                .map(EmailTemplates::suggestion)
                .filter(Objects::nonNull)
                .toList();
        values.put("suggestions", suggestions);
        values.put("anySuggestion", !suggestions.isEmpty());
        return digest.render(to, subject, values);
    }

    /** The state's strength for a template, or null when its event did not tell one. */
    private static Map<String, Object> strength(RelationshipState state) {
        if (state.strength() == null) {
            return null;
        }
        Map<String, Object> strength = new HashMap<>();
        strength.put("score", state.strength());
        strength.put("raiseMost", blankAsNull(state.raiseMost()));
        return strength;
    }

    /** The state's suggestion for a template (title, link when it may be one, for whom, why), or null. */
    private static Map<String, Object> suggestion(RelationshipState state) {
        RelationshipState.Suggestion suggestion = state.suggestion();
        if (suggestion == null) {
            return null;
        }
        String link = suggestion.link();
        String title = suggestion.title() != null && !suggestion.title().isBlank()
                ? suggestion.title()
                : link != null ? link : "An item from your library";
        Map<String, Object> values = new HashMap<>();
        values.put("title", title);
        values.put("link", link);
        values.put("contactName", state.contactName());
        values.put("why", blankAsNull(suggestion.why()));
        return values;
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    EmailDestination endpointDisabled(String to, String endpointId, String url, String reason, String detail) {
        String subject = "Your webhook endpoint " + endpointId + " was disabled";
        Map<String, Object> values = new HashMap<>();
        values.put("subject", subject);
        values.put("endpointId", endpointId);
        values.put("url", url);
        values.put("gone", EndpointDisabled.GONE.equals(reason));
        values.put("detail", detail);
        values.put("apiUrl", properties.apiUrl());
        return endpointDisabled.render(to, subject, values);
    }
}
