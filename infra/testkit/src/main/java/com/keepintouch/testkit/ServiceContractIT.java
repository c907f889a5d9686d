package com.keepintouch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What every service must show from outside, started on the real infrastructure: healthy on
 * Kafka and MongoDB, its topics declared with their dead-letter twins, its API locked. A
 * service's test extends it and names its API path and topics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
// A whole service consumes and publishes on the JVM's shared topics; it must not outlive its class.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class ServiceContractIT {

    @LocalServerPort
    int port;

    /** An {@code /api} path of the service that a recruiter may GET. */
    protected abstract String apiPath();

    /** The topics the service declares. */
    protected abstract List<String> topics();

    @Test
    void startsHealthyOnKafkaAndMongo() {
        ServiceConventions.assertHealthyOnKafkaAndMongo(HttpApi.at(port));
    }

    @Test
    void declaresItsTopicsWithDeadLetterTwins() {
        ServiceConventions.assertTopicsDeclared(topics(), 6);
    }

    @Test
    void apiNeedsAToken() {
        ServiceConventions.assertApiNeedsAToken(HttpApi.at(port), apiPath());
    }

    /** No static-file handler answers for an unknown path: it is a 404 problem, said in words. */
    @Test
    void anUnknownPathIsA404Problem() {
        HttpApi.Response response =
                http().as(TestTokens.token("alice", "recruiter")).get("/api/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).isNotBlank().doesNotContain("Exception");
    }

    /** The service's HTTP API at its port, without a token. */
    protected HttpApi http() {
        return HttpApi.at(port);
    }
}
