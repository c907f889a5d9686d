package com.keepintouch.events;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas of all event types, loaded from the classpath (never from the network).
 *
 * <p>Producers validate what they emit against it in their tests; consumers may validate what
 * they read and send schema-invalid events to the dead-letter topic. Thread-safe.
 */
public final class EventSchemas {

    /** The {@code $id} prefix of every schema; resolved from {@code classpath:events/}. */
    public static final String BASE_URI = "https://schemas.keepintouch.dev/events/";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventSchemas INSTANCE = new EventSchemas();

    private final Map<String, List<String>> typesByTopic;
    private final Map<String, List<String>> personalFields;
    private final Map<String, Schema> schemasByType = new LinkedHashMap<>();
    private final Schema envelope;

    private EventSchemas() {
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(EventSchemas::readSchemaText));
        this.envelope = registry.getSchema(SchemaLocation.of(BASE_URI + "envelope.schema.json"));
        this.typesByTopic = readCatalog();
        this.personalFields =
                readLists(JSON.readTree(resource("events/personal-data.json")).path("fields"));
        typesByTopic.values().stream()
                .flatMap(List::stream)
                .forEach(type -> schemasByType.put(
                        type, registry.getSchema(SchemaLocation.of(BASE_URI + type + ".schema.json"))));
    }

    public static EventSchemas load() {
        return INSTANCE;
    }

    /** Every event type, grouped by the topic it travels on. */
    public Map<String, List<String>> typesByTopic() {
        return typesByTopic;
    }

    /**
     * The fields of {@code data} that are personal data in events of {@code type}
     * ({@code personal-data.json}): producers seal them, consumers open them; empty for a type that
     * carries none.
     */
    public List<String> personalFields(String type) {
        return personalFields.getOrDefault(type, List.of());
    }

    public Set<String> types() {
        return new TreeSet<>(schemasByType.keySet());
    }

    /** The examples that the schema of {@code type} carries; consumers test that they read them. */
    public List<JsonNode> examples(String type) {
        JsonNode schema = JSON.readTree(readSchemaText(BASE_URI + type + ".schema.json"));
        List<JsonNode> examples = new ArrayList<>();
        schema.path("examples").forEach(examples::add);
        return examples;
    }

    /**
     * Validates an event against the envelope and the schema of its {@code type}.
     *
     * @return human-readable violations, empty when the event is valid
     */
    public List<String> violations(JsonNode event) {
        List<String> violations = new ArrayList<>(messages(envelope.validate(event)));
        String type = event.path("type").asString("");
        Schema schema = schemasByType.get(type);
        if (schema == null) {
            violations.add("type: unknown event type '" + type + "'");
        } else {
            messages(schema.validate(event)).stream()
                    .filter(message -> !violations.contains(message))
                    .forEach(violations::add);
        }
        return violations;
    }

    public List<String> violations(String json) {
        return violations(JSON.readTree(json));
    }

    /** Throws {@link EventSchemaViolationException} unless the event is valid. */
    public void requireValid(JsonNode event) {
        List<String> violations = violations(event);
        if (!violations.isEmpty()) {
            throw new EventSchemaViolationException(event.path("type").asString("?"), violations);
        }
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }

    private static Map<String, List<String>> readCatalog() {
        return readLists(JSON.readTree(resource("events/catalog.json")));
    }

    private static Map<String, List<String>> readLists(JsonNode lists) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        lists.properties()
                .forEach(entry -> byName.put(
                        entry.getKey(),
                        entry.getValue().valueStream().map(JsonNode::asString).toList()));
        return Map.copyOf(byName);
    }

    private static String readSchemaText(String iri) {
        if (!iri.startsWith(BASE_URI)) {
            return null;
        }
        return resource("events/" + iri.substring(BASE_URI.length()));
    }

    private static String resource(String path) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No schema resource " + path + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
