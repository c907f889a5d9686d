package com.keepintouch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class EventSchemasTest {

    private final EventSchemas schemas = EventSchemas.load();

    @Test
    void catalogListsEveryTypeOfTheArchitectureAndTheSnooze() {
        assertThat(schemas.typesByTopic())
                .containsOnlyKeys(
                        "contacts.v1",
                        "interactions.v1",
                        "relationships.v1",
                        "notifications.v1",
                        "erasures.v1",
                        "audit.v1");
        assertThat(schemas.types())
                .containsExactlyInAnyOrder(
                        "contact.created",
                        "contact.updated",
                        "contact.deleted",
                        "contact.erased",
                        "interaction.recorded",
                        "interaction.deleted",
                        "interaction.planned",
                        "relationship.due",
                        "relationship.overdue",
                        "relationship.recovered",
                        "relationship.non_responsive",
                        "relationship.ask_too_soon",
                        "relationship.snoozed",
                        "notification.delivered",
                        "notification.failed",
                        "endpoint.disabled",
                        "erasure.confirmed",
                        "audit.recorded");
    }

    @Test
    void personalFieldsAreFieldsOfTheirTypesAndSealedEventsValidateWithoutThem() {
        assertThat(schemas.personalFields("contact.created")).contains("name", "emails");
        assertThat(schemas.personalFields("relationship.due")).containsExactly("contactName", "state");
        assertThat(schemas.personalFields("contact.erased")).isEmpty();
        for (String type : schemas.types()) {
            for (JsonNode example : schemas.examples(type)) {
                tools.jackson.databind.node.ObjectNode sealed =
                        (tools.jackson.databind.node.ObjectNode) example.deepCopy();
                tools.jackson.databind.node.ObjectNode data =
                        (tools.jackson.databind.node.ObjectNode) sealed.path("data");
                for (String field : schemas.personalFields(type)) {
                    data.remove(field);
                }
                if (!schemas.personalFields(type).isEmpty()) {
                    data.put("sealed", "pd1.bm90IHJlYWxseSBzZWFsZWQ");
                }
                assertThat(schemas.violations(sealed)).as(type).isEmpty();
            }
        }
    }

    static Stream<Arguments> everyExample() {
        EventSchemas schemas = EventSchemas.load();
        return schemas.types().stream()
                .flatMap(type -> schemas.examples(type).stream().map(example -> Arguments.of(type, example)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyExample")
    void everyExampleValidates(String type, JsonNode example) {
        assertThat(example.path("type").asString()).isEqualTo(type);
        assertThat(schemas.violations(example)).isEmpty();
    }

    @Test
    void everyTypeHasAtLeastOneExample() {
        schemas.types()
                .forEach(type -> assertThat(schemas.examples(type)).as(type).isNotEmpty());
    }

    @Test
    void rejectsAnEventWithoutAnEnvelopeField() {
        ObjectNode event = example("contact.created");
        event.remove("sequence");

        assertThat(schemas.violations(event)).anySatisfy(v -> assertThat(v).contains("sequence"));
    }

    @Test
    void rejectsAWrongEnumValueInsideData() {
        ObjectNode event = example("contact.created");
        ((ObjectNode) event.get("data")).put("tier", "BEST_FRIEND");

        assertThat(schemas.violations(event)).anySatisfy(v -> assertThat(v).contains("tier"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jill@example.com", "jill@company.example", "ops@intranet.local", "a.b+c@x.recruiting"})
    void acceptsEveryEmailAddressContactServiceAccepts(String address) {
        // A system test found contacts dead-lettered: format "email" refused reserved and new top-level domains.
        for (String type : List.of("contact.created", "contact.updated")) {
            ObjectNode event = example(type);
            ((ObjectNode) event.get("data")).putArray("emails").add(address);

            assertThat(schemas.violations(event)).as(type + " " + address).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-at-sign", "two@@signs.example", "space in@x.example", "nodot@localhost"})
    void rejectsWhatContactServiceRejects(String address) {
        ObjectNode event = example("contact.created");
        ((ObjectNode) event.get("data")).putArray("emails").add(address);

        assertThat(schemas.violations(event)).anySatisfy(v -> assertThat(v).contains("emails"));
    }

    @Test
    void rejectsAMissingDataField() {
        ObjectNode event = example("interaction.recorded");
        ((ObjectNode) event.get("data")).remove("direction");

        assertThat(schemas.violations(event)).anySatisfy(v -> assertThat(v).contains("direction"));
    }

    @Test
    void rejectsAMalformedTimestampAndId() {
        ObjectNode event = example("relationship.due");
        event.put("time", "yesterday");
        event.put("id", "not-a-uuid");

        List<String> violations = schemas.violations(event);
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("time"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("id"));
    }

    @Test
    void rejectsAnEventWhoseSourceDoesNotOwnTheType() {
        ObjectNode event = example("relationship.overdue");
        event.put("source", "contact-service");

        assertThat(schemas.violations(event)).anySatisfy(v -> assertThat(v).contains("source"));
    }

    @Test
    void rejectsAnUnknownType() {
        ObjectNode event = example("contact.deleted");
        event.put("type", "contact.teleported");

        assertThat(schemas.violations(event)).anySatisfy(v -> assertThat(v).contains("unknown event type"));
    }

    @Test
    void relationshipStateMustExplainItself() {
        ObjectNode event = example("relationship.overdue");
        ((ObjectNode) event.get("data").get("state")).putArray("reasons");

        assertThatThrownBy(() -> schemas.requireValid(event))
                .isInstanceOf(EventSchemaViolationException.class)
                .hasMessageContaining("reasons");
    }

    @Test
    void toleratesPropertiesItDoesNotKnowBecauseChangesAreAdditive() {
        ObjectNode event = example("contact.updated");
        event.put("traceparent", "00-abc-def-01");
        ((ObjectNode) event.get("data")).put("linkedInUrl", "https://example.com/in/jill");

        assertThat(schemas.violations(event)).isEmpty();
    }

    @Test
    void relationshipStateWithoutStrengthOrReciprocityStillValidatesBecauseTheyWereAdded() {
        ObjectNode event = example("relationship.due");
        ObjectNode state = (ObjectNode) event.get("data").get("state");
        state.remove(List.of("strength", "reciprocity", "suggestion", "cadenceTag", "cadenceAdaptation"));

        assertThat(schemas.violations(event)).isEmpty();
    }

    @Test
    void relationshipStateNamesATagCadenceAndRefusesAStrengthOutOfRange() {
        ObjectNode event = example("relationship.due");
        ObjectNode state = (ObjectNode) event.get("data").get("state");
        state.put("cadenceSource", "TAG").put("cadenceTag", "marketing");
        assertThat(schemas.violations(event)).isEmpty();

        ((ObjectNode) state.get("strength")).put("score", 101);
        ((ObjectNode) state.get("reciprocity")).put("responsiveness", -1);
        List<String> violations = schemas.violations(event);
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("score"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("responsiveness"));
    }

    private ObjectNode example(String type) {
        return (ObjectNode) schemas.examples(type).get(0).deepCopy();
    }
}
