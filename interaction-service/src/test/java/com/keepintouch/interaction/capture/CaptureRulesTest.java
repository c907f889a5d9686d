package com.keepintouch.interaction.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.CaptureRules.Decision;
import com.keepintouch.interaction.capture.CaptureRules.Sender;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaptureRulesTest {

    static final String ALICE = "alice@recruit.example";
    static final KnownContact JILL = new KnownContact("c_jill", "alice", false, 1, List.of("jill@example.com"));
    static final KnownContact BOB = new KnownContact("c_bob", "alice", false, 1, List.of("bob@example.org"));

    /** Alice's contacts, looked up by address as the projection does. */
    static final Function<Collection<String>, List<KnownContact>> ALICES = addresses -> List.of(JILL, BOB).stream()
            .filter(c -> c.emails().stream().anyMatch(addresses::contains))
            .toList();

    static CapturedMessage mail(String from, List<String> to, List<String> cc, boolean automated) {
        return new CapturedMessage("m1@example.com", List.of(), from, to, cc, List.of(), null, "Hi", automated);
    }

    static Decision decide(CapturedMessage m) {
        return CaptureRules.decide(m, Set.of(ALICE), 20, ALICES);
    }

    @Test
    void fromAContactIsInboundWithThatContactAlone() {
        Decision d = decide(mail("Jill@Example.com", List.of(ALICE), List.of("bob@example.org"), false));

        assertThat(d).isEqualTo(new Decision(Skip.NONE, List.of(JILL), Direction.INBOUND));
    }

    @Test
    void fromTheOwnerIsOutboundToEachContactAmongTheRecipients() {
        Decision d =
                decide(mail(ALICE, List.of("jill@example.com", "x@example.net"), List.of("bob@example.org"), false));

        assertThat(d).isEqualTo(new Decision(Skip.NONE, List.of(JILL, BOB), Direction.OUTBOUND));
    }

    @Test
    void withoutOwnerAddressesAnySenderButAContactIsTheOwner() {
        Decision d = CaptureRules.decide(
                mail("alias@elsewhere.example", List.of("jill@example.com"), List.of(), false), Set.of(), 20, ALICES);

        assertThat(d.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(CaptureRules.decide(mail("jill@example.com", List.of(ALICE), List.of(), false), Set.of(), 20, ALICES)
                        .direction())
                .isEqualTo(Direction.INBOUND);
    }

    @Test
    void someoneElsesMailThatCopiedAContactIsNotTheOwners() {
        Decision d = decide(mail("carol@example.net", List.of(ALICE), List.of("jill@example.com"), false));

        assertThat(d.skipped()).isEqualTo(Skip.NOT_THE_OWNERS);
        assertThat(d.contacts()).containsExactly(JILL);
    }

    @Test
    void noContactAnywhereIsNoContact() {
        assertThat(decide(mail("carol@example.net", List.of(ALICE), List.of(), false))
                        .skipped())
                .isEqualTo(Skip.NO_CONTACT);
        assertThat(decide(mail(ALICE, List.of("x@example.net"), List.of(), false))
                        .skipped())
                .isEqualTo(Skip.NO_CONTACT);
        assertThat(decide(mail(ALICE, List.of(), List.of(), false)).skipped()).isEqualTo(Skip.NO_CONTACT);
    }

    @Test
    void automatedMailAndBroadcastsAreSkippedBeforeAnyLookup() {
        Function<Collection<String>, List<KnownContact>> never = a -> {
            throw new AssertionError("looked up " + a);
        };
        List<String> twentyOne =
                IntStream.range(0, 21).mapToObj(n -> "r" + n + "@example.org").toList();

        assertThat(CaptureRules.decide(
                                mail("jill@example.com", List.of(ALICE), List.of(), true), Set.of(ALICE), 20, never)
                        .skipped())
                .isEqualTo(Skip.AUTOMATED);
        assertThat(CaptureRules.decide(mail(ALICE, twentyOne, List.of(), false), Set.of(ALICE), 20, never)
                        .skipped())
                .isEqualTo(Skip.TOO_MANY_RECIPIENTS);
    }

    @Test
    void recipientsCountOnceAcrossToCcAndBcc() {
        List<String> twenty =
                IntStream.range(0, 20).mapToObj(n -> "r" + n + "@example.org").toList();
        CapturedMessage m = new CapturedMessage(
                "m@example.com", List.of(), ALICE, twenty, twenty, List.of("R0@example.org"), null, null, false);

        assertThat(m.recipients()).hasSize(20);
        assertThat(CaptureRules.decide(m, Set.of(ALICE), 20, a -> List.of()).skipped())
                .isEqualTo(Skip.NO_CONTACT);
    }

    @Test
    void theSummaryIsTheSubjectCutToItsLengthNeverHalfACharacter() {
        assertThat(CaptureRules.summary(null, 10)).isNull();
        assertThat(CaptureRules.summary("  ", 10)).isNull();
        assertThat(CaptureRules.summary(" Coffee? ", 10)).isEqualTo("Coffee?");
        assertThat(CaptureRules.summary("123456789\uD83D\uDE00", 10)).isEqualTo("123456789");
        assertThat(CaptureRules.summary("x".repeat(300), 200)).hasSize(200);
    }

    @Test
    void aMessageOccursAtItsDateUnlessThatIsMissingOrAhead() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        CapturedMessage m = mail(ALICE, List.of(), List.of(), false);

        assertThat(CaptureRules.occurredAt(m, now)).isEqualTo(now);
        assertThat(CaptureRules.occurredAt(m.withDate(Instant.parse("2026-11-30T08:00:00Z")), now))
                .isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        assertThat(CaptureRules.occurredAt(m.withDate(now.plusSeconds(3600)), now))
                .isEqualTo(now);
    }

    @Test
    void theExternalIdNamesContactAndMessageAndFitsItsLimit() {
        assertThat(CaptureRules.externalId("c_jill", "CAFx7=2kq@mail.example.com"))
                .isEqualTo("email/c_jill/CAFx7=2kq@mail.example.com");
        String longId = "x".repeat(300) + "@example.com";
        String hashed = CaptureRules.externalId("c_jill", longId);
        assertThat(hashed).startsWith("email/c_jill/sha256:").hasSizeLessThanOrEqualTo(200);
        assertThat(CaptureRules.externalId("c_jill", longId)).isEqualTo(hashed);
        assertThat(CaptureRules.externalId("c_bob", longId)).isNotEqualTo(hashed);
    }

    @Test
    void theSenderIsTheOwnerByTheirAddressesOrUnknownWithoutThem() {
        CapturedMessage fromAlice = mail(ALICE, List.of("jill@example.com"), List.of(), false);

        assertThat(Sender.of(fromAlice, Set.of(ALICE))).isEqualTo(Sender.OWNER);
        assertThat(Sender.of(fromAlice, Set.of("other@recruit.example"))).isEqualTo(Sender.NOT_THE_OWNER);
        assertThat(Sender.of(fromAlice, Set.of())).isEqualTo(Sender.UNKNOWN);
    }

    @Test
    void aKeptMessageIsDecidedByTheSameRuleWhenItsContactAppears() {
        // the contact sent it: inbound, whoever it went to
        assertThat(CaptureRules.touch(List.of(JILL), List::of, Sender.NOT_THE_OWNER))
                .isEqualTo(new Decision(Skip.NONE, List.of(JILL), Direction.INBOUND));
        // the contact is a recipient: outbound when the owner sent it, or may have (the capture address)
        assertThat(CaptureRules.touch(List.of(), () -> List.of(JILL), Sender.OWNER))
                .isEqualTo(new Decision(Skip.NONE, List.of(JILL), Direction.OUTBOUND));
        assertThat(CaptureRules.touch(List.of(), () -> List.of(JILL), Sender.UNKNOWN))
                .isEqualTo(new Decision(Skip.NONE, List.of(JILL), Direction.OUTBOUND));
        assertThat(CaptureRules.touch(List.of(), () -> List.of(JILL), Sender.NOT_THE_OWNER)
                        .skipped())
                .isEqualTo(Skip.NOT_THE_OWNERS);
        assertThat(CaptureRules.touch(List.of(), List::of, Sender.OWNER).skipped())
                .isEqualTo(Skip.NO_CONTACT);
    }

    @Test
    void anAddressIsKeptAsTheSha256OfItLowercased() {
        assertThat(CaptureRules.addressHash(" Jill@Example.COM "))
                .isEqualTo(CaptureRules.addressHash("jill@example.com"))
                .hasSize(64)
                .isEqualTo("%064x".formatted(new java.math.BigInteger(1, sha256("jill@example.com"))));
    }

    private static byte[] sha256(String value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
