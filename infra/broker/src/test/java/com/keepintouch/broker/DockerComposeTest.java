package com.keepintouch.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml's Kafka runs with the broker settings of the system, and sets only its addresses besides. */
class DockerComposeTest {

    private static final Path COMPOSE = Path.of("../../docker-compose.yml");

    @Test
    void theKafkaServiceHasTheSettingsOfEveryBrokerAndOfTheSingleNode() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        BrokerSettings.everyBroker()
                .forEach((key, value) -> expected.put(BrokerSettings.environmentVariable(key), value));
        BrokerSettings.singleNode()
                .forEach((key, value) -> expected.put(BrokerSettings.environmentVariable(key), value));

        Map<String, String> kafka = kafkaEnvironment();

        assertThat(kafka).containsAllEntriesOf(expected);
        // Only the addresses differ by runtime: compose's are the service name and the container's ports.
        Map<String, String> rest = new HashMap<>(kafka);
        rest.keySet().removeAll(expected.keySet());
        assertThat(rest)
                .containsOnlyKeys("KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CONTROLLER_QUORUM_VOTERS");
    }

    @Test
    void namesTheVariablesAsTheKafkaImageReadsThem() {
        assertThat(BrokerSettings.environmentVariable("transaction.state.log.min.isr"))
                .isEqualTo("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
        assertThat(BrokerSettings.environmentVariable("listener.name.internal_ssl.ssl-key"))
                .isEqualTo("KAFKA_LISTENER_NAME_INTERNAL__SSL_SSL___KEY");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> kafkaEnvironment() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(reader);
            Map<String, Object> services = (Map<String, Object>) compose.get("services");
            Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
            Map<String, String> environment = new TreeMap<>();
            ((Map<String, Object>) kafka.get("environment"))
                    .forEach((name, value) -> environment.put(name, String.valueOf(value)));
            return environment;
        }
    }
}
