package com.keepintouch.interaction.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.interaction.capture.MessageHeaders.Parsed;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Header blocks as mail clients and lists write them, read into what capture needs. */
class MessageHeadersTest {

    private static InternetHeaders headers(String block) throws Exception {
        String crlf = block.replace("\n", "\r\n") + "\r\n";
        return new InternetHeaders(new ByteArrayInputStream(crlf.getBytes(StandardCharsets.UTF_8)));
    }

    private static CapturedMessage valid(String block) throws Exception {
        Parsed parsed = MessageHeaders.parse(headers(block));
        assertThat(parsed).isInstanceOf(Parsed.Valid.class);
        return ((Parsed.Valid) parsed).message();
    }

    private static String invalid(String block) throws Exception {
        Parsed parsed = MessageHeaders.parse(headers(block));
        assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
        return ((Parsed.Invalid) parsed).reason();
    }

    @Test
    void aPlainMessageFromAClient() throws Exception {
        CapturedMessage m = valid("""
                Return-Path: <alice@recruit.example>
                Message-ID: <CAFx7=2kq@mail.example.com>
                Date: Tue, 1 Dec 2026 09:15:30 +0100
                From: Alice Recruiter <Alice@Recruit.Example>
                To: "Jill, VP" <Jill@Example.com>, bob@example.org
                Cc: Carol <carol@example.net>
                Subject: Coffee next week?
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8""");

        assertThat(m.messageId()).isEqualTo("CAFx7=2kq@mail.example.com");
        assertThat(m.from()).isEqualTo("alice@recruit.example");
        assertThat(m.to()).containsExactly("jill@example.com", "bob@example.org");
        assertThat(m.cc()).containsExactly("carol@example.net");
        assertThat(m.bcc()).isEmpty();
        assertThat(m.date()).isEqualTo(Instant.parse("2026-12-01T08:15:30Z"));
        assertThat(m.subject()).isEqualTo("Coffee next week?");
        assertThat(m.replyTargets()).isEmpty();
        assertThat(m.automated()).isFalse();
    }

    @Test
    void encodedSubjectsAndDisplayNamesAreDecoded() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: <1@example.com>
                From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>
                To: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>
                Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=
                 =?UTF-8?Q?_=E2=80=93_n=C3=A4chste_Woche?=""");

        assertThat(m.from()).isEqualTo("juergen@example.de");
        assertThat(m.to()).containsExactly("andre@example.fr");
        assertThat(m.subject()).isEqualTo("Grüße aus München – nächste Woche");
    }

    @Test
    void membersOfAGroupAreRecipientsAndAnEmptyGroupIsNone() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: <2@example.com>
                From: alice@recruit.example
                To: Hiring team: jill@example.com, Bob <bob@example.org>;, dave@example.com
                Cc: undisclosed-recipients:;""");

        assertThat(m.to()).containsExactly("jill@example.com", "bob@example.org", "dave@example.com");
        assertThat(m.cc()).isEmpty();
        assertThat(m.recipients()).hasSize(3);
    }

    @Test
    void withoutAMessageIdItCannotBeCaptured() throws Exception {
        assertThat(invalid("""
                        From: alice@recruit.example
                        To: jill@example.com
                        Subject: no id""")).contains("Message-ID");
        assertThat(invalid("""
                        Message-ID:
                        From: alice@recruit.example""")).contains("Message-ID");
    }

    @Test
    void aFromWithoutAnAddressCannotBeCaptured() throws Exception {
        String reason = invalid("""
                Message-ID: <3@example.com>
                From: Just A Name
                To: jill@example.com""");
        assertThat(reason).contains("From").doesNotContain("Just A Name");
        assertThat(invalid("""
                        Message-ID: <3@example.com>
                        To: jill@example.com""")).contains("From");
        assertThat(invalid("""
                        Message-ID: <3@example.com>
                        From: <<<>>""")).contains("From");
    }

    @Test
    void aFromOfANameAndAnAddressWithoutBracketsIsBroken() throws Exception {
        assertThat(invalid("""
                        Message-ID: <4@example.com>
                        From: Jill Smith jill@example.com
                        To: alice@recruit.example""")).contains("From");
    }

    @Test
    void aBrokenRecipientIsLeftOutAndTheOthersKept() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: <4@example.com>
                From: jill@example.com
                To: Bob Smith bob@example.org, carol@example.net""");

        assertThat(m.to()).containsExactly("carol@example.net");
    }

    @Test
    void inReplyToComesFirstThenReferencesNewestFirstWithoutRepeats() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: <5@example.com>
                From: jill@example.com
                In-Reply-To: <c@example.com> (Alice's message of Tue, 1 Dec 2026)
                References: <a@example.com>
                 <b@example.com>	<c@example.com>""");

        assertThat(m.replyTargets()).containsExactly("c@example.com", "b@example.com", "a@example.com");
    }

    @Test
    void referencesAloneAreReplyTargetsToo() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: <6@example.com>
                From: jill@example.com
                References: <a@example.com> <b@example.com>""");

        assertThat(m.replyTargets()).containsExactly("b@example.com", "a@example.com");
    }

    @Test
    void aBareMessageIdIsReadToo() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: 7@example.com
                From: jill@example.com
                In-Reply-To: 6@example.com""");

        assertThat(m.messageId()).isEqualTo("7@example.com");
        assertThat(m.replyTargets()).containsExactly("6@example.com");
    }

    @Test
    void autoSubmittedNoIsAPerson() throws Exception {
        assertThat(valid("""
                                Message-ID: <8@example.com>
                                From: jill@example.com
                                Auto-Submitted: no""").automated()).isFalse();
    }

    @Test
    void autoRepliesListsAndBulkAreAutomated() throws Exception {
        assertThat(valid("""
                                Message-ID: <9@example.com>
                                From: jill@example.com
                                Auto-Submitted: auto-replied""").automated()).isTrue();
        assertThat(valid("""
                                Message-ID: <10@example.com>
                                From: jill@example.com
                                Auto-Submitted: auto-generated; owner-email="x@example.com\"""").automated()).isTrue();
        assertThat(valid("""
                                Message-ID: <11@example.com>
                                From: jill@example.com
                                List-Id: Robotics Berlin <robotics.lists.example.org>""").automated()).isTrue();
        assertThat(valid("""
                                Message-ID: <12@example.com>
                                From: jill@example.com
                                Precedence: Bulk""").automated()).isTrue();
        assertThat(valid("""
                                Message-ID: <13@example.com>
                                From: jill@example.com
                                Precedence: first-class""").automated()).isFalse();
    }

    @Test
    void aMissingOrBrokenDateIsNoDate() throws Exception {
        assertThat(valid("""
                                Message-ID: <14@example.com>
                                From: jill@example.com""").date()).isNull();
        assertThat(valid("""
                                Message-ID: <15@example.com>
                                From: jill@example.com
                                Date: sometime last week""").date()).isNull();
    }

    @Test
    void aDateWithoutTheDayNameAndWithAnObsoleteZoneIsRead() throws Exception {
        assertThat(valid("""
                                Message-ID: <16@example.com>
                                From: jill@example.com
                                Date: 1 Dec 2026 09:15:30 GMT""").date()).isEqualTo(Instant.parse("2026-12-01T09:15:30Z"));
    }

    @Test
    void anUnreadableRecipientHeaderCountsAsNoRecipientsNotAsAnInvalidMessage() throws Exception {
        CapturedMessage m = valid("""
                Message-ID: <17@example.com>
                From: jill@example.com
                To: "unterminated <jill@example.com
                Cc: carol@example.net""");

        assertThat(m.cc()).containsExactly("carol@example.net");
    }

    @Test
    void aMessageReadsTheSameFromItsHeadersAlone() throws Exception {
        String raw = """
                Message-ID: <18@example.com>
                From: Alice <alice@recruit.example>
                To: jill@example.com
                Bcc: bob@example.org
                In-Reply-To: <17@example.com>
                Subject: =?UTF-8?Q?Caf=C3=A9?=
                Date: Tue, 01 Dec 2026 10:00:00 +0000

                the body is never read
                """.replace("\n", "\r\n");
        MimeMessage message = new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));

        CapturedMessage m = ((Parsed.Valid) MessageHeaders.parse(message)).message();

        assertThat(m.messageId()).isEqualTo("18@example.com");
        assertThat(m.bcc()).containsExactly("bob@example.org");
        assertThat(m.replyTargets()).containsExactly("17@example.com");
        assertThat(m.subject()).isEqualTo("Café");
        assertThat(m.date()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }
}
