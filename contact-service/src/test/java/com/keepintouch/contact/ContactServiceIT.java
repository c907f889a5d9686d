package com.keepintouch.contact;

import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.ServiceConventions;
import com.keepintouch.testkit.WithInfrastructure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ContactServiceIT {

    @LocalServerPort
    int port;

    @Test
    void startsHealthyOnKafkaAndMongo() {
        ServiceConventions.assertHealthyOnKafkaAndMongo(HttpApi.at(port));
    }

    @Test
    void declaresItsTopicsWithDeadLetterTwins() {
        ServiceConventions.assertTopicsDeclared(List.of("contacts.v1"), 6);
    }

    @Test
    void apiNeedsAToken() {
        ServiceConventions.assertApiNeedsAToken(HttpApi.at(port), "/api/contacts");
    }
}
