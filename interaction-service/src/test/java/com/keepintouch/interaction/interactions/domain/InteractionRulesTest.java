package com.keepintouch.interaction.interactions.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.platform.domain.Violation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InteractionRulesTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void defaultsToAnOutboundTouchHappeningNow() {
        InteractionDraft draft = InteractionRules.normalize(
                new InteractionDraft(" c_1 ", InteractionType.CALL, null, null, "  ", " "), NOW);

        assertThat(draft.contactId()).isEqualTo("c_1");
        assertThat(draft.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(draft.occurredAt()).isEqualTo(NOW);
        assertThat(draft.summary()).isNull();
        assertThat(draft.externalId()).isNull();
        assertThat(InteractionRules.check(draft, NOW)).isEmpty();
    }

    @Test
    void allowsClockSkewOfFiveMinutesButNotMore() {
        InteractionDraft skewed = new InteractionDraft(
                "c_1", InteractionType.EMAIL, Direction.INBOUND, NOW.plus(Duration.ofMinutes(5)), null, null);
        InteractionDraft future = new InteractionDraft(
                "c_1",
                InteractionType.EMAIL,
                Direction.INBOUND,
                NOW.plus(Duration.ofMinutes(5)).plusSeconds(1),
                null,
                null);

        assertThat(InteractionRules.check(skewed, NOW)).isEmpty();
        assertThat(InteractionRules.check(future, NOW))
                .extracting(Violation::field)
                .containsExactly("occurredAt");
    }

    @Test
    void namesEveryBrokenRule() {
        InteractionDraft draft = new InteractionDraft("", null, null, NOW, "s".repeat(2_001), "e".repeat(201));

        assertThat(InteractionRules.check(draft, NOW))
                .extracting(Violation::field)
                .containsExactly("contactId", "type", "summary", "externalId");
    }

    @Test
    void anArticleSharedInteractionMayCarryWhatItShared() {
        InteractionDraft shared = InteractionRules.normalize(
                new InteractionDraft(
                        "c_1",
                        InteractionType.ARTICLE_SHARED,
                        null,
                        NOW,
                        null,
                        null,
                        " sh_0190a1b2c3d4e5f6a7b8c9d0 ",
                        " https://example.com/a?b=c#part "),
                NOW);

        assertThat(InteractionRules.check(shared, NOW)).isEmpty();
        assertThat(shared.shareableId()).isEqualTo("sh_0190a1b2c3d4e5f6a7b8c9d0");
        assertThat(shared.url()).isEqualTo("https://example.com/a?b=c#part");
    }

    @Test
    void onlyAnArticleSharedInteractionMayCarryWhatWasShared() {
        InteractionDraft call = new InteractionDraft(
                "c_1",
                InteractionType.CALL,
                null,
                NOW,
                null,
                null,
                "sh_0190a1b2c3d4e5f6a7b8c9d0",
                "https://example.com");

        assertThat(InteractionRules.check(call, NOW))
                .containsExactly(
                        new Violation(
                                "shareableId",
                                "only an ARTICLE_SHARED interaction may carry a shareableId; this one is CALL"),
                        new Violation("url", "only an ARTICLE_SHARED interaction may carry a url; this one is CALL"));
    }

    @Test
    void aSharedUrlIsAnAbsoluteHttpUrl() {
        for (String url :
                new String[] {"example.com/article", "ftp://example.com/a", "https:///path", "http://exa mple.com"}) {
            InteractionDraft draft =
                    new InteractionDraft("c_1", InteractionType.ARTICLE_SHARED, null, NOW, null, null, null, url);
            assertThat(InteractionRules.check(draft, NOW))
                    .as(url)
                    .extracting(Violation::field)
                    .containsExactly("url");
        }
    }
}
