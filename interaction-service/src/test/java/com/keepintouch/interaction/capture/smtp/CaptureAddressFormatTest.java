package com.keepintouch.interaction.capture.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptureAddressFormatTest {

    final CaptureAddressFormat format = new CaptureAddressFormat("Capture.Example.org", "log");

    @Test
    void aTokenIsRandomLowercaseBase32AndItsAddressGivesItBack() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            CaptureToken token = CaptureToken.random();
            assertThat(token.value()).matches("[a-z2-7]{26}");
            assertThat(seen.add(token.value())).isTrue();
            String address = format.address(token);
            assertThat(address).isEqualTo("log+" + token.value() + "@capture.example.org");
            assertThat(format.tokenOf(address)).contains(token);
            assertThat(format.tokenOf(address.toUpperCase())).contains(token);
            assertThat(format.tokenOf("<" + address + ">")).contains(token);
        }
    }

    @Test
    void onlyCaptureAddressesInFormHaveAToken() {
        String token = "abcdefghijklmnopqrstuvwxyz";
        assertThat(format.tokenOf("log+" + token + "@capture.example.org")).isPresent();
        assertThat(format.tokenOf("log+" + token + "@elsewhere.example")).isEmpty();
        assertThat(format.tokenOf("log+" + token + "@sub.capture.example.org")).isEmpty();
        assertThat(format.tokenOf("log+" + token + "@capture.example.org.evil.example"))
                .isEmpty();
        assertThat(format.tokenOf("other+" + token + "@capture.example.org")).isEmpty();
        assertThat(format.tokenOf("log+" + token.substring(1) + "@capture.example.org"))
                .isEmpty();
        assertThat(format.tokenOf("log+" + token + "1@capture.example.org")).isEmpty();
        assertThat(format.tokenOf("postmaster@capture.example.org")).isEmpty();
        assertThat(format.tokenOf("not an address")).isEmpty();
        assertThat(format.tokenOf("")).isEmpty();
        assertThat(format.tokenOf(null)).isEmpty();
    }

    @Test
    void theTokenIsKnownByItsSha256AndNeverPrinted() {
        CaptureToken token = CaptureToken.of("abcdefghijklmnopqrstuvwxyz").orElseThrow();
        assertThat(token.hash())
                .hasSize(64)
                .isEqualTo(CaptureToken.of("abcdefghijklmnopqrstuvwxyz")
                        .orElseThrow()
                        .hash())
                .isNotEqualTo(CaptureToken.random().hash());
        assertThat(token.toString()).doesNotContain(token.value());
    }

    @Test
    void addressesAtTheCaptureDomainAreRecognisedWhateverTheirCase() {
        assertThat(format.atCaptureDomain("log+x@CAPTURE.example.org")).isTrue();
        assertThat(format.atCaptureDomain("jill@example.org")).isFalse();
        assertThat(format.atCaptureDomain("jill@notcapture.example.org")).isFalse();
    }
}
