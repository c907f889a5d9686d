package com.keepintouch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.HttpApi.Response;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/** What every service must show from outside: healthy on its infrastructure, topics declared, API locked. */
public final class ServiceConventions {

    private ServiceConventions() {}

    /** {@code /actuator/health} is open and UP, with Kafka and MongoDB among its components; probes answer. */
    public static void assertHealthyOnKafkaAndMongo(HttpApi api) {
        Response health = api.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.json().path("components").path("mongo").path("status").asString())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    /** An {@code /api} path answers 401 problem+json without a token and never 401 with a valid one. */
    public static void assertApiNeedsAToken(HttpApi api, String path) {
        Response anonymous = api.get(path);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        Response recruiter = api.as(TestTokens.token("alice", "recruiter")).get(path);
        assertThat(recruiter.status()).as(recruiter.body()).isIn(200, 404);
    }

    /** Each topic and its {@code .DLT} exist on the broker with {@code partitions} partitions. */
    public static void assertTopicsDeclared(List<String> topics, int partitions) {
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers()))) {
            List<String> expected = topics.stream()
                    .flatMap(topic -> java.util.stream.Stream.of(topic, topic + ".DLT"))
                    .toList();
            Map<String, TopicDescription> described =
                    admin.describeTopics(expected).allTopicNames().get();
            described
                    .values()
                    .forEach(topic ->
                            assertThat(topic.partitions()).as(topic.name()).hasSize(partitions));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("topics missing: " + e.getCause().getMessage(), e);
        }
    }
}
