package com.keepintouch.interaction.capture.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderBlockTest {

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTheHeadersUpToTheBlankLineAndCountsTheRestWithoutKeepingIt() throws Exception {
        String headers = "Message-ID: <1@x>\r\nFrom: a@x.example\r\nSubject: Hi\r\n\r\n";
        String body = "Subject: not a header\r\n" + "b".repeat(5000) + "\r\n";

        HeaderBlock.Read read = HeaderBlock.read(stream(headers + body), 1024);

        assertThat(read.headers()).isPresent();
        assertThat(read.headers().get().getHeader("Subject")).containsExactly("Hi");
        assertThat(read.size()).isEqualTo(headers.length() + body.length());
    }

    @Test
    void aHeaderBlockOverTheLimitYieldsNoHeadersAndTheWholeStreamIsStillRead() throws Exception {
        String headers = "Message-ID: <1@x>\r\nX-Padding: " + "p".repeat(2000) + "\r\n\r\n";
        InputStream data = stream(headers + "body\r\n");

        HeaderBlock.Read read = HeaderBlock.read(data, 1024);

        assertThat(read.headers()).isEmpty();
        assertThat(read.size()).isEqualTo(headers.length() + 6);
        assertThat(data.read()).isEqualTo(-1);
    }

    @Test
    void headerValuesMayBeUtf8AsSmtpUtf8Allows() throws Exception {
        byte[] message = "Message-ID: <1@x>\r\nSubject: Grüße aus München\r\n\r\nbody".getBytes(StandardCharsets.UTF_8);

        HeaderBlock.Read read = HeaderBlock.read(new ByteArrayInputStream(message), 1024);

        assertThat(read.headers().orElseThrow().getHeader("Subject")).containsExactly("Grüße aus München");
    }

    @Test
    void aMessageOfHeadersAloneIsRead() throws Exception {
        HeaderBlock.Read read = HeaderBlock.read(stream("Message-ID: <1@x>\r\nFrom: a@x.example\r\n"), 1024);

        assertThat(read.headers().orElseThrow().getHeader("From")).containsExactly("a@x.example");
    }
}
