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
}
