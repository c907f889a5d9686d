package com.keepintouch.interaction.capture.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.interaction.capture.mailbox.Mailbox.Security;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Server;
import com.keepintouch.interaction.capture.mailbox.SyncFailure.Kind;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a failure of an IMAP conversation says: a sentence naming the server, never a Java type or the server's own words. */
class ImapConnectorTest {

    final ImapConnector connector = new ImapConnector(new MailboxesProperties(
            List.of("127.0.0.0/8"),
            365,
            3650,
            200,
            Duration.ofSeconds(60),
            Duration.ofSeconds(25),
            8,
            Duration.ofSeconds(90),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            3,
            Duration.ofSeconds(1),
            2.0,
            Duration.ofMinutes(1),
            Duration.ofHours(1)));

    final Server server = new Server("imap.example.com", 993, Security.TLS);

    @Test
    void aRefusedLoginIsNotRetriedAndSaysSo() {
        SyncFailure failure =
                connector.failure(new AuthenticationFailedException("[AUTHENTICATIONFAILED] hunter2 wrong"), server);

        assertThat(failure.kind()).isEqualTo(Kind.LOGIN);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.sentence())
                .isEqualTo("the IMAP server (imap.example.com:993) refused the login;"
                        + " check the username and the password or token");
    }

    @Test
    void connectionFaultsAreRetriedAndNameTheServer() {
        assertThat(connector.failure(new MessagingException("x", new ConnectException("Connection refused")), server))
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(Kind.UNREACHABLE);
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.sentence()).contains("could not be reached (imap.example.com:993)");
                });
        assertThat(connector
                        .failure(new MessagingException("x", new SocketTimeoutException("Read timed out")), server)
                        .sentence())
                .contains("could not be reached (imap.example.com:993)")
                .contains("did not answer in time");
        assertThat(connector
                        .failure(new MessagingException("x", new SocketException("Connection reset")), server)
                        .kind())
                .isEqualTo(Kind.CONNECTION);
        assertThat(connector
                        .failure(new MessagingException("x", new SSLHandshakeException("PKIX path")), server)
                        .sentence())
                .contains("TLS")
                .doesNotContain("PKIX");
    }

    @Test
    void noSentenceRepeatsTheExceptionOrNamesAJavaType() {
        for (Exception e : List.of(
                new MessagingException("java.lang.NullPointerException at com.sun"),
                new IllegalStateException("org.bson.BsonInvalidOperationException"))) {
            assertThat(connector.failure(e, server).sentence())
                    .doesNotContain("java.")
                    .doesNotContain("Exception")
                    .doesNotContain("org.");
        }
    }

    @Test
    void loopbackIsAllowedOnlyOnTheAllowedNetworksAndPrivateNetworksAreRefused() {
        assertThat(connector.hostRefusal("127.0.0.1")).isEmpty();
        assertThat(connector.onAllowedNetwork("127.0.0.1")).isTrue();
        assertThat(connector.hostRefusal("10.0.0.7"))
                .hasValueSatisfying(r -> assertThat(r).contains("private address"));
        assertThat(connector.hostRefusal("169.254.169.254"))
                .hasValueSatisfying(r -> assertThat(r).contains("link-local"));
        assertThat(connector.onAllowedNetwork("10.0.0.7")).isFalse();
    }
}
