package com.keepintouch.platform.kafka;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.tracing.TraceContexts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a record value into an {@link InboundEvent}. Anything that is not a well-formed envelope,
 * and with {@code kit.kafka.validate-schemas} (the default) anything that violates the schema of
 * its type, throws; wrapped in Spring Kafka's {@code ErrorHandlingDeserializer}, such a poison
 * record goes to the dead-letter topic and the consumer moves on.
 */
public class InboundEventDeserializer implements Deserializer<InboundEvent> {

    /** Consumer property that turns schema validation off (it is on by default). */
    public static final String VALIDATE_SCHEMAS = "kit.kafka.validate-schemas";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private boolean validateSchemas = true;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object validate = configs.get(VALIDATE_SCHEMAS);
        if (validate != null) {
            validateSchemas = Boolean.parseBoolean(validate.toString());
        }
    }

    /** Keeps the record's {@code traceparent} header with the event, so a batch can continue each event's trace. */
    @Override
    public InboundEvent deserialize(String topic, Headers headers, byte[] bytes) {
        InboundEvent event = deserialize(topic, bytes);
        Header traceparent = headers == null ? null : headers.lastHeader(TraceContexts.TRACEPARENT);
        return traceparent == null || traceparent.value() == null
                ? event
                : event.withTraceparent(new String(traceparent.value(), StandardCharsets.UTF_8));
    }

    @Override
    public InboundEvent deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            throw new InvalidEventException("empty record value (tombstone) on " + topic);
        }
        String json = new String(bytes, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidEventException("record on " + topic + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("record on " + topic + " is not a JSON object");
        }
        if (validateSchemas) {
            List<String> violations = EventSchemas.load().violations(node);
            if (!violations.isEmpty()) {
                throw new InvalidEventException("record on " + topic + " violates its schema: " + violations);
            }
        }
        for (String field : List.of("id", "type", "subject", "ownerId")) {
            if (!node.path(field).isString() || node.path(field).asString().isBlank()) {
                throw new InvalidEventException("record on " + topic + " has no envelope field '" + field + "'");
            }
        }
        if (!node.path("sequence").canConvertToLong() || node.path("sequence").asLong() < 1) {
            throw new InvalidEventException("record on " + topic + " has no positive 'sequence'");
        }
        if (!node.path("data").isObject()) {
            throw new InvalidEventException("record on " + topic + " has no 'data' object");
        }
        return new InboundEvent(
                node.get("id").asString(),
                node.path("source").asString(null),
                node.get("type").asString(),
                node.get("subject").asString(),
                parseTime(node.path("time").asString(null), topic),
                node.get("ownerId").asString(),
                node.get("sequence").asLong(),
                node.get("data"),
                json,
                null);
    }

    private static Instant parseTime(String time, String topic) {
        if (time == null) {
            throw new InvalidEventException("record on " + topic + " has no 'time'");
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("record on " + topic + " has an unreadable 'time': " + time);
        }
    }
}
