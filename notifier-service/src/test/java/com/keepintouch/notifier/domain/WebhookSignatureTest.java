package com.keepintouch.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330L;
    static final String BODY = "{\"test\": 2432232314}";

    @Test
    void reproducesTheStandardWebhooksSpecificationVector() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aReceiverVerifiesEitherSignatureDuringARotation() {
        String next = WebhookSignature.newSecret();
        String header = WebhookSignature.header(List.of(next, SECRET), ID, TIMESTAMP, BODY);
        Instant then = Instant.ofEpochSecond(TIMESTAMP);

        assertThat(header.split(" ")).hasSize(2);
        assertThat(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, header, then, Duration.ofMinutes(5)))
                .isTrue();
        assertThat(WebhookSignature.verify(next, ID, "1614265330", BODY, header, then, Duration.ofMinutes(5)))
                .isTrue();
    }

    @Test
    void aChangedBodyAnOldTimestampOrAnotherSecretDoNotVerify() {
        String header = WebhookSignature.header(List.of(SECRET), ID, TIMESTAMP, BODY);
        Instant then = Instant.ofEpochSecond(TIMESTAMP);

        assertThat(WebhookSignature.verify(SECRET, ID, "1614265330", "{}", header, then, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        SECRET, ID, "1614265330", BODY, header, then.plusSeconds(3600), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        WebhookSignature.newSecret(), ID, "1614265330", BODY, header, then, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, "soon", BODY, header, then, Duration.ofMinutes(5)))
                .isFalse();
    }

    @Test
    void newSecretsAreWellFormedAndDifferent() {
        String one = WebhookSignature.newSecret();
        String two = WebhookSignature.newSecret();

        assertThat(one).startsWith("whsec_").isNotEqualTo(two);
        assertThat(WebhookSignature.isWellFormed(one)).isTrue();
        assertThat(WebhookSignature.key(one)).hasSize(32);
        assertThat(WebhookSignature.isWellFormed("whsec_c2hvcnQ=")).isFalse();
        assertThat(WebhookSignature.isWellFormed("secret")).isFalse();
    }
}
