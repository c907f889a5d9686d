package com.keepintouch.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox("a passphrase", "mailbox password", "kit.capture.secret-key");

    @Test
    void opensWhatItSealedAndNeverStoresItInTheClear() {
        String sealed = box.seal("hunter2");

        assertThat(sealed).startsWith("v1:").doesNotContain("hunter2");
        assertThat(box.seal("hunter2")).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo("hunter2");
    }

    @Test
    void aSecretSealedUnderAnotherPassphraseNamesTheSetting() {
        String sealed = new SecretBox("another", "mailbox password", "kit.capture.secret-key").seal("hunter2");

        assertThatThrownBy(() -> box.open(sealed))
                .hasMessage("a stored mailbox password cannot be opened: was kit.capture.secret-key changed?");
        assertThatThrownBy(() -> box.open("hunter2")).hasMessage("a stored mailbox password is not sealed");
    }
}
