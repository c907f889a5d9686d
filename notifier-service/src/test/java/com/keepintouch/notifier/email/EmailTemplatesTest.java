package com.keepintouch.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.system.EmailProperties;
import com.samskivert.mustache.Mustache;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.mustache.autoconfigure.MustacheResourceTemplateLoader;

/** The emails' two parts, rendered from the templates as the service renders them. */
class EmailTemplatesTest {

    final EmailTemplates templates = new EmailTemplates(
            Mustache.compiler().withLoader(new MustacheResourceTemplateLoader("classpath:/templates/", ".mustache")),
            new EmailProperties(
                    "Keep in touch <reminders@keepintouch.local>",
                    "ops@keepintouch.local",
                    Duration.ofMinutes(1),
                    "http://localhost:8084",
                    4));

    static RelationshipState state(String name, String status) {
        return new RelationshipState(
                "c_1",
                "alice",
                name,
                status,
                List.of("No touch for 90 days; your usual rhythm with " + name + " is every 60 days.", "Due & overdue"),
                "Reach out to " + name + " this week: share something useful.",
                null,
                null,
                1);
    }

    /** A state as events now tell it: with strength, reciprocity and a suggestion from the owner's library. */
    static RelationshipState withInsight(String name, String status, String url) {
        RelationshipState plain = state(name, status);
        return new RelationshipState(
                plain.contactId(),
                plain.ownerId(),
                plain.contactName(),
                plain.status(),
                plain.reasons(),
                "Share 'The Courage to Advertise' with " + name + ": her title matches marketing.",
                plain.nextDueAt(),
                plain.overdueAt(),
                plain.sequence(),
                41,
                "Reach out to " + name + ": a touch now would raise strength from 41 to 70.",
                71,
                List.of(
                        name + " replied to 4 of your last 5 emails, usually within a day.",
                        name + " last reached out 40 days ago."),
                new RelationshipState.Suggestion(
                        "sh_1",
                        "The Courage to Advertise <Without> Stereotypes",
                        url,
                        "Her title, Head of Marketing & Sales, matches marketing."));
    }

    @Test
    void aContactNameWithMarkupOrAnAmpersandIsEscapedInTheHtmlPartAndKeptAsItIsInTheText() {
        String name = "<script>alert('x')</script> Smith & Sons";

        EmailDestination email =
                templates.reminder("alice@example.com", "relationship.overdue", state(name, "OVERDUE"));

        assertThat(email.html())
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Smith &amp; Sons is overdue for a touch")
                .contains("<li>Due &amp; overdue</li>");
        assertThat(email.text()).contains(name + " is overdue for a touch");
        assertThat(email.subject()).isEqualTo(name + " is overdue for a touch");
    }

    @Test
    void aReminderSaysWhatItSaidBefore() {
        EmailDestination email = templates.reminder("alice@example.com", "relationship.due", state("Jill", "DUE"));

        assertThat(email.text())
                .isEqualTo("Time to get in touch with Jill\n\n"
                        + "- No touch for 90 days; your usual rhythm with Jill is every 60 days.\n"
                        + "- Due & overdue\n\n"
                        + "Reach out to Jill this week: share something useful.\n");
        assertThat(email.html())
                .startsWith("<!doctype html>")
                .contains("<h1>Time to get in touch with Jill</h1>")
                .contains("<p><strong>Reach out to Jill this week: share something useful.</strong></p>");
    }

    @Test
    void aDigestListsEachRelationshipWithItsReasonsAndAction() {
        EmailDestination email = templates.digest(
                "alice@example.com",
                "D2026-03-29",
                ZoneId.of("Europe/Berlin"),
                List.of(state("Olga Overdue", "OVERDUE"), state("Dana <Due>", "DUE")));

        assertThat(email.subject()).isEqualTo("2 relationships need you (Sunday 29 March 2026)");
        assertThat(email.text())
                .isEqualTo("Your keep-in-touch digest, Sunday 29 March 2026 (Europe/Berlin)\n\n"
                        + "Olga Overdue - OVERDUE\n"
                        + "  - No touch for 90 days; your usual rhythm with Olga Overdue is every 60 days.\n"
                        + "  - Due & overdue\n"
                        + "  > Reach out to Olga Overdue this week: share something useful.\n\n"
                        + "Dana <Due> - DUE\n"
                        + "  - No touch for 90 days; your usual rhythm with Dana <Due> is every 60 days.\n"
                        + "  - Due & overdue\n"
                        + "  > Reach out to Dana <Due> this week: share something useful.\n\n");
        assertThat(email.html())
                .contains("<h2>Olga Overdue <small>OVERDUE</small></h2>")
                .contains("<h2>Dana &lt;Due&gt; <small>DUE</small></h2>");
        assertThat(templates
                        .digest("a@example.com", "W2026-03-23", ZoneId.of("UTC"), List.of(state("X", "DUE")))
                        .subject())
                .isEqualTo("1 relationship needs you (week of Monday 23 March 2026)");
    }

    @Test
    void aReminderShowsTheStrengthWhatWouldRaiseItTheReciprocityAndTheItemWorthSharingWithItsLink() {
        EmailDestination email = templates.reminder(
                "alice@example.com",
                "relationship.due",
                withInsight("Jill", "DUE", "https://example.com/courage?a=1&b=2"));

        assertThat(email.text())
                .isEqualTo("Time to get in touch with Jill\n\n"
                        + "- No touch for 90 days; your usual rhythm with Jill is every 60 days.\n"
                        + "- Due & overdue\n\n"
                        + "Share 'The Courage to Advertise' with Jill: her title matches marketing.\n\n"
                        + "Strength 41/100. Reach out to Jill: a touch now would raise strength from 41 to 70.\n\n"
                        + "Jill replied to 4 of your last 5 emails, usually within a day. Jill last reached out 40 days ago.\n\n"
                        + "Worth sharing: The Courage to Advertise <Without> Stereotypes\n"
                        + "https://example.com/courage?a=1&b=2\n"
                        + "Her title, Head of Marketing & Sales, matches marketing.\n");
        assertThat(email.html())
                .contains("<p>Strength 41/100. Reach out to Jill: a touch now would raise strength from 41 to 70.</p>")
                .contains(
                        "<p>Jill replied to 4 of your last 5 emails, usually within a day. Jill last reached out 40 days ago.</p>")
                .contains("<p>Worth sharing: <a href=\"https://example.com/courage?a=1&amp;b=2\">"
                        + "The Courage to Advertise &lt;Without&gt; Stereotypes</a>"
                        + "<br>Her title, Head of Marketing &amp; Sales, matches marketing.</p>");
    }

    @Test
    void aReminderSaysWhyOnceWhenTheSuggestedActionSaysItAlready() {
        RelationshipState told = withInsight("Jill", "DUE", "https://example.com/courage");
        RelationshipState state = new RelationshipState(
                told.contactId(),
                told.ownerId(),
                told.contactName(),
                told.status(),
                told.reasons(),
                "Share it with Jill: " + told.suggestion().why(),
                told.nextDueAt(),
                told.overdueAt(),
                told.sequence(),
                told.strength(),
                told.raiseMost(),
                told.responsiveness(),
                told.reciprocity(),
                told.suggestion());

        EmailDestination email = templates.reminder("alice@example.com", "relationship.due", state);

        assertThat(email.text()).containsOnlyOnce(told.suggestion().why()).endsWith("https://example.com/courage\n");
    }

    @Test
    void aSuggestionWhoseUrlIsNotHttpIsNamedButNeverLinked() {
        for (String url : List.of(
                "javascript:alert(document.cookie)",
                " JavaScript:alert(1)",
                "data:text/html,<b>x</b>",
                "ftp://example.com/x",
                "not a url",
                "https:///no-host")) {
            EmailDestination reminder =
                    templates.reminder("alice@example.com", "relationship.due", withInsight("Jill", "DUE", url));
            EmailDestination digest = templates.digest(
                    "alice@example.com", "D2026-03-29", ZoneId.of("UTC"), List.of(withInsight("Jill", "DUE", url)));

            for (String part : List.of(reminder.html(), digest.html())) {
                assertThat(part)
                        .as(url)
                        .doesNotContain("<a ")
                        .doesNotContainIgnoringCase("javascript:")
                        .contains("The Courage to Advertise &lt;Without&gt; Stereotypes");
            }
            assertThat(reminder.text()).as(url).doesNotContain(url.strip());
            assertThat(digest.text()).as(url).doesNotContain(url.strip());
        }
    }

    @Test
    void aDigestShowsEachStrengthAndListsWhatIsWorthSharingWithWhomAndWhy() {
        EmailDestination email = templates.digest(
                "alice@example.com",
                "D2026-03-29",
                ZoneId.of("Europe/Berlin"),
                List.of(
                        withInsight("Olga Overdue", "OVERDUE", "https://example.com/courage?a=1&b=2"),
                        state("Dana <Due>", "DUE")));

        assertThat(email.text())
                .isEqualTo("Your keep-in-touch digest, Sunday 29 March 2026 (Europe/Berlin)\n\n"
                        + "Olga Overdue - OVERDUE, strength 41/100\n"
                        + "  - No touch for 90 days; your usual rhythm with Olga Overdue is every 60 days.\n"
                        + "  - Due & overdue\n"
                        + "  > Share 'The Courage to Advertise' with Olga Overdue: her title matches marketing.\n\n"
                        + "Dana <Due> - DUE\n"
                        + "  - No touch for 90 days; your usual rhythm with Dana <Due> is every 60 days.\n"
                        + "  - Due & overdue\n"
                        + "  > Reach out to Dana <Due> this week: share something useful.\n\n"
                        + "Something worth sharing\n"
                        + "  * The Courage to Advertise <Without> Stereotypes, for Olga Overdue\n"
                        + "    https://example.com/courage?a=1&b=2\n"
                        + "    Her title, Head of Marketing & Sales, matches marketing.\n");
        assertThat(email.html())
                .contains("<h2>Olga Overdue <small>OVERDUE, strength 41/100</small></h2>")
                .contains("<h2>Dana &lt;Due&gt; <small>DUE</small></h2>")
                .contains("<h2>Something worth sharing</h2>")
                .contains(
                        "<li><a href=\"https://example.com/courage?a=1&amp;b=2\">The Courage to Advertise &lt;Without&gt; Stereotypes</a>"
                                + ", for Olga Overdue<br>Her title, Head of Marketing &amp; Sales, matches marketing.</li>");
    }

    @Test
    void aDigestWithoutSuggestionsHasNoSharingSection() {
        EmailDestination email = templates.digest(
                "alice@example.com", "D2026-03-29", ZoneId.of("UTC"), List.of(state("Dana Due", "DUE")));

        assertThat(email.text()).doesNotContain("worth sharing").doesNotContain("strength");
        assertThat(email.html()).doesNotContain("worth sharing").doesNotContain("strength");
    }

    @Test
    void aDisabledEndpointsOwnerIsToldWhyAndHowToEnableItAgain() {
        EmailDestination gone = templates.endpointDisabled(
                "alice@example.com", "ep_1", "https://hooks.example.com/x?a=1&b=2", "GONE", null);
        EmailDestination failing = templates.endpointDisabled(
                "alice@example.com",
                "ep_1",
                "https://hooks.example.com/x",
                "FAILING",
                "Every attempt failed since then");

        assertThat(gone.subject()).isEqualTo("Your webhook endpoint ep_1 was disabled");
        assertThat(gone.text())
                .isEqualTo("Your webhook endpoint ep_1 was disabled.\n\n"
                        + "URL: https://hooks.example.com/x?a=1&b=2\n"
                        + "It answered 410 Gone, which means it no longer wants our webhooks.\n\n"
                        + "When it works again, enable it with PATCH http://localhost:8084/api/webhooks/ep_1 and the body"
                        + " {\"enabled\": true}; then POST http://localhost:8084/api/webhooks/ep_1/recover with"
                        + " {\"since\": \"<when it stopped>\"} to receive what it missed.\n");
        assertThat(gone.html()).contains("<code>https://hooks.example.com/x?a=1&amp;b=2</code>");
        assertThat(failing.text())
                .contains("URL: https://hooks.example.com/x\n"
                        + "Every delivery to it failed for several days.\n"
                        + "Every attempt failed since then\n\n");
        assertThat(failing.html()).contains("<p>Every attempt failed since then</p>");
    }
}
