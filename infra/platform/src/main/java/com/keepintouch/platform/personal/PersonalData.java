package com.keepintouch.platform.personal;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.kafka.InboundEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals and opens the personal fields of events (crypto-shredding).
 *
 * <p>A producer's {@link com.keepintouch.platform.outbox.Outbox} seals every event it stages: the
 * fields that {@code personal-data.json} lists for the type leave {@code data} and travel in {@code
 * data.sealed}, encrypted (AES-256-GCM, the subject as associated data) under the key of the
 * contact the event is about, its subject. A consumer {@link #open opens} what it reads. Once the
 * contact is erased its key is gone: what Kafka keeps about the person can never be read again, and
 * each consumer sees the event {@link InboundEvent#erased() erased}, without the fields.
 */
public final class PersonalData {

    /** The member of {@code data} that carries the sealed fields. */
    public static final String SEALED = "sealed";

    private static final Logger log = LoggerFactory.getLogger(PersonalData.class);
    private static final String PREFIX = "pd1.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ContactKeys keys;
    private final EventSchemas schemas;
    private final SecureRandom random = new SecureRandom();

    public PersonalData(ContactKeys keys, EventSchemas schemas) {
        this.keys = keys;
        this.schemas = schemas;
    }

    /** Whether events of this type carry personal fields, and so are sealed. */
    public boolean carriesPersonalData(String type) {
        return !schemas.personalFields(type).isEmpty();
    }

    /**
     * {@code data} with the personal fields of {@code type} sealed under the key of the contact
     * {@code subject}; unchanged for a type without personal fields. Null fields are left out.
     *
     * @throws PersonErasedException if the contact was erased: nothing may be written about them
     */
    public JsonNode seal(String type, String subject, JsonNode data) {
        List<String> fields = schemas.personalFields(type);
        if (fields.isEmpty() || !(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode plain = object.deepCopy();
        ObjectNode personal = JSON.createObjectNode();
        for (String field : fields) {
            JsonNode value = plain.remove(field);
            if (value != null && !value.isNull()) {
                personal.set(field, value);
            }
        }
        SecretKey key = keys.keyFor(subject);
        plain.put(SEALED, PREFIX + encrypt(key, subject, JSON.writeValueAsBytes(personal)));
        return plain;
    }

    /**
     * The events with their personal fields opened, in the same order: one read of the keyring for
     * the contacts whose keys are not cached. An event of an erased contact (or one sealed under a
     * key that no longer opens it) comes back {@link InboundEvent#erased() erased}, without its
     * personal fields, also when it was published in the clear before events were sealed.
     *
     * @throws KeyMissingException if an event is sealed but the keyring knows nothing of its
     *     contact (a lost or misconfigured keyring, never an erasure): retried until it is back
     */
    public List<InboundEvent> open(List<InboundEvent> events) {
        Set<String> contacts = new LinkedHashSet<>();
        for (InboundEvent event : events) {
            if (carriesPersonalData(event.type())) {
                contacts.add(event.subject());
            }
        }
        if (contacts.isEmpty()) {
            return events;
        }
        Map<String, ContactKeys.Key> found = keys.find(contacts);
        return events.stream()
                .map(event -> open(event, found.get(event.subject())))
                .toList();
    }

    public InboundEvent open(InboundEvent event) {
        return open(List.of(event)).get(0);
    }

    /** Whether the contact was erased (as the keyring says; cached like the keys). */
    public boolean erased(String contactId) {
        return keys.erased(contactId);
    }

    /** Forgets the contact's cached key: call it on reading {@code contact.erased}. */
    public void forget(String contactId) {
        keys.forget(contactId);
    }

    private InboundEvent open(InboundEvent event, ContactKeys.Key key) {
        List<String> fields = schemas.personalFields(event.type());
        if (fields.isEmpty() || !(event.data() instanceof ObjectNode data)) {
            return event;
        }
        JsonNode sealed = data.get(SEALED);
        if (key != null && key.erased()) {
            return event.opened(withoutPersonalFields(data, fields), true);
        }
        if (sealed == null) {
            return event; // published in the clear, before events were sealed
        }
        if (key == null) {
            log.warn(
                    "Sealed event held reason=no-key-in-keyring type={} id={} subject={}",
                    event.type(),
                    event.id(),
                    event.subject());
            throw new KeyMissingException(event.subject(), event.type(), event.id());
        }
        if (!sealed.isString() || !sealed.asString().startsWith(PREFIX)) {
            log.warn(
                    "Sealed event cannot be opened reason=not-sealed-by-this-system type={} id={} subject={}",
                    event.type(),
                    event.id(),
                    event.subject());
            return event.opened(withoutPersonalFields(data, fields), true);
        }
        ObjectNode opened = withoutPersonalFields(data, fields);
        try {
            JsonNode personal = JSON.readTree(decrypt(key.secret(), event.subject(), sealed.asString()));
            for (String field : fields) {
                JsonNode value = personal.get(field);
                if (value != null) {
                    opened.set(field, value);
                }
            }
            return event.opened(opened, false);
        } catch (GeneralSecurityException | RuntimeException e) {
            log.warn(
                    "Sealed event cannot be opened reason=\"{}\" type={} id={} subject={}",
                    e.getClass().getSimpleName(),
                    event.type(),
                    event.id(),
                    event.subject());
            return event.opened(opened, true);
        }
    }

    private static ObjectNode withoutPersonalFields(ObjectNode data, List<String> fields) {
        ObjectNode copy = data.deepCopy();
        copy.remove(SEALED);
        fields.forEach(copy::remove);
        return copy;
    }

    private String encrypt(SecretKey key, String subject, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private static byte[] decrypt(SecretKey key, String subject, String sealed) throws GeneralSecurityException {
        byte[] in = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
        cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
    }
}
