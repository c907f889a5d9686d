package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.platform.security.SecretBox;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Seals mailbox passwords and OAuth2 tokens at rest with {@code kit.capture.secret-key}; opens them to log in. */
@Component
class MailboxSecrets {

    private final SecretBox box;

    MailboxSecrets(@Value("${kit.capture.secret-key}") String key) {
        this.box = new SecretBox(key, "mailbox password", "kit.capture.secret-key");
    }

    String seal(String secret) {
        return box.seal(secret);
    }

    String open(Mailbox mailbox) {
        return box.open(mailbox.sealedSecret());
    }
}
