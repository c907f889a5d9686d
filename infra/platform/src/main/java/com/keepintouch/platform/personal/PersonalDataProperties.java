package com.keepintouch.platform.personal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the contacts' keys are held and how they are protected ({@code kit.personal-data.*}).
 *
 * @param secretKey wraps every contact's key at rest (AES-GCM); the same in every service, and kept:
 *     without it no sealed field of any event can be opened
 * @param keyringDatabase the MongoDB database holding the keys, the one place they are kept (on the
 *     services' MongoDB server)
 * @param cacheTtl how long a service keeps a key it read; the instance that reads {@code contact.erased}
 *     forgets the contact's key at once, the other instances within this time (what they store is
 *     guarded by the erased tombstones in their databases meanwhile)
 * @param cacheSize how many contacts' keys a service keeps in memory
 */
@ConfigurationProperties("kit.personal-data")
public record PersonalDataProperties(
        String secretKey,
        @DefaultValue("keyring") String keyringDatabase,
        @DefaultValue("1m") Duration cacheTtl,
        @DefaultValue("100000") long cacheSize) {

    public PersonalDataProperties {
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException(
                    "kit.personal-data.secret-key must be set: it protects every contact's key");
        }
    }
}
