package com.keepintouch.notifier.email;

import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.EndpointDisabled;
import com.keepintouch.notifier.system.EmailProperties;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The emails, each with a text and an HTML part. Everything that comes from users (names, reasons)
 * is escaped in the HTML part.
 */
@Component
class EmailTemplates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private final EmailProperties properties;

    EmailTemplates(EmailProperties properties) {
        this.properties = properties;
    }

    EmailDestination reminder(String to, String eventType, RelationshipState state) {
        String headline = switch (eventType) {
            case "relationship.overdue" -> state.contactName() + " is overdue for a touch";
            case "relationship.non_responsive" -> state.contactName() + " has not answered for a while";
            case "relationship.ask_too_soon" -> "Give before you ask " + state.contactName();
            default -> "Time to get in touch with " + state.contactName();
        };
        StringBuilder text = new StringBuilder(headline).append("\n\n");
        state.reasons().forEach(r -> text.append("- ").append(r).append('\n'));
        text.append('\n').append(state.suggestedAction()).append('\n');
        String html = page(
                headline,
                "<ul>" + items(state.reasons()) + "</ul><p><strong>" + esc(state.suggestedAction()) + "</strong></p>");
        return new EmailDestination(to, headline, text.toString(), html, null);
    }

    EmailDestination digest(String to, String periodKey, ZoneId zone, List<RelationshipState> states) {
        String when = java.time.LocalDate.parse(periodKey.substring(1)).format(DAY);
        String subject = states.size() == 1
                ? "1 relationship needs you (" + (periodKey.startsWith("W") ? "week of " : "") + when + ")"
                : states.size() + " relationships need you (" + (periodKey.startsWith("W") ? "week of " : "") + when
                        + ")";
        StringBuilder text = new StringBuilder("Your keep-in-touch digest, ")
                .append(when)
                .append(" (")
                .append(zone.getId())
                .append(")\n\n");
        StringBuilder html = new StringBuilder();
        for (RelationshipState state : states) {
            text.append(state.contactName())
                    .append(" - ")
                    .append(state.status())
                    .append('\n');
            state.reasons().forEach(r -> text.append("  - ").append(r).append('\n'));
            text.append("  > ").append(state.suggestedAction()).append("\n\n");
            html.append("<h2>")
                    .append(esc(state.contactName()))
                    .append(" <small>")
                    .append(esc(state.status()))
                    .append("</small></h2><ul>")
                    .append(items(state.reasons()))
                    .append("</ul><p><strong>")
                    .append(esc(state.suggestedAction()))
                    .append("</strong></p>");
        }
        return new EmailDestination(
                to, subject, text.toString(), page("Your keep-in-touch digest, " + when, html.toString()), null);
    }

    EmailDestination endpointDisabled(String to, String endpointId, String url, String reason, String detail) {
        String subject = "Your webhook endpoint " + endpointId + " was disabled";
        String why = EndpointDisabled.GONE.equals(reason)
                ? "It answered 410 Gone, which means it no longer wants our webhooks."
                : "Every delivery to it failed for several days.";
        String how = "When it works again, enable it with PATCH " + properties.apiUrl() + "/api/webhooks/" + endpointId
                + " and the body {\"enabled\": true}; then POST " + properties.apiUrl() + "/api/webhooks/" + endpointId
                + "/recover with {\"since\": \"<when it stopped>\"} to receive what it missed.";
        String text =
                subject + ".\n\nURL: " + url + "\n" + why + (detail == null ? "" : "\n" + detail) + "\n\n" + how + "\n";
        String html = page(
                subject,
                "<p>URL: <code>" + esc(url) + "</code></p><p>" + esc(why) + "</p>"
                        + (detail == null ? "" : "<p>" + esc(detail) + "</p>") + "<p>" + esc(how) + "</p>");
        return new EmailDestination(to, subject, text, html, null);
    }

    private static String items(List<String> lines) {
        StringBuilder html = new StringBuilder();
        lines.forEach(l -> html.append("<li>").append(esc(l)).append("</li>"));
        return html.toString();
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><body style=\"font-family:sans-serif\"><h1>" + esc(title) + "</h1>" + body
                + "</body></html>";
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
