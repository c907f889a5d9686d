package com.keepintouch.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import com.keepintouch.testkit.TestTokens;
import com.keepintouch.testkit.WithInfrastructure;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ImportIT {

    @LocalServerPort
    int port;

    Response importFile(String user, String contentType, String body) {
        return HttpApi.at(port)
                .as(TestTokens.token(user, "recruiter"))
                .send(
                        "POST",
                        "/api/contacts/import",
                        Map.of("Content-Type", contentType),
                        BodyPublishers.ofString(body));
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.mongodb.client.MongoDatabase database;

    /** An address whose contact never got stored (a crash between claim and insert) is not a duplicate. */
    @Test
    void anAddressLeftClaimedByAContactThatIsGoneIsTakenOverByTheImport() {
        String user = "importer-" + UUID.randomUUID().toString().substring(0, 8);
        database.getCollection("contact_emails")
                .insertOne(new org.bson.Document("_id", user + "\n" + "orphan@example.com")
                        .append("ownerId", user)
                        .append("contactId", "c_never_stored"));

        Response response = importFile(user, "text/csv", """
                name,emails
                Olga Orphan,orphan@example.com
                Olga Again,orphan@example.com
                """);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("created").asInt()).isEqualTo(1);
        assertThat(response.json().path("duplicates").findValuesAsString("email"))
                .as("the second line of the same address is a duplicate of the first")
                .containsExactly("orphan@example.com");
        JsonNode contacts = HttpApi.at(port)
                .as(TestTokens.token(user, "recruiter"))
                .get("/api/contacts")
                .json()
                .path("items");
        assertThat(contacts.findValuesAsString("name")).containsExactly("Olga Orphan");
    }

    @Test
    void goodLinesAreCreatedDuplicatesAndBrokenLinesReportedWithTheirLineNumbers() {
        String user = "importer-" + UUID.randomUUID().toString().substring(0, 8);
        HttpApi api = HttpApi.at(port).as(TestTokens.token(user, "recruiter"));
        String existing = api.post("/api/contacts", "{\"name\":\"Known\",\"emails\":[\"known@example.com\"]}")
                .json()
                .path("id")
                .asString();

        Response response = importFile(user, "text/csv", """
                name,emails,company,tier,cadenceDays,metAt,linkedin
                Jill Summers,jill@example.com,Acme,CLOSE,45,2026-03-02,x
                Known Again,KNOWN@example.com,,,,,
                ,nameless@example.com,,,,,
                Bad Tier,bad@example.com,,BEST_FRIEND,,,
                Bob Miller,bob@example.com;jill@example.com,,,,,
                Future,future@example.com,,,,2999-01-01,
                "Quoted, Person",quoted@example.com,"Globex, Inc",,abc,,
                Carol,carol@example.com,,DISTANT,,,
                """);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.path("records").asInt()).isEqualTo(8);
        assertThat(report.path("created").asInt()).isEqualTo(2);
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(report.path("duplicates").findValuesAsString("email"))
                .containsExactlyInAnyOrder("known@example.com", "jill@example.com");
        assertThat(report.path("duplicates").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(report.path("duplicates").get(0).path("existingContactId").asString())
                .isEqualTo(existing);
        assertThat(report.path("errors").findValues("line"))
                .extracting(JsonNode::asInt)
                .containsExactly(4, 5, 7, 8);
        assertThat(report.path("errors").get(1).path("message").asString()).contains("tier", "BEST_FRIEND");
        assertThat(report.path("warnings").get(0).asString()).contains("linkedin");

        JsonNode contacts = api.get("/api/contacts").json().path("items");
        assertThat(contacts.findValuesAsString("name")).containsExactlyInAnyOrder("Known", "Jill Summers", "Carol");
    }

    @Test
    void importsVCards() {
        String user = "vcard-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = importFile(user, "text/vcard", """
                BEGIN:VCARD
                VERSION:4.0
                FN:Jill Summers
                EMAIL:jill@example.com
                ORG:Acme
                CATEGORIES:robotics,berlin
                END:VCARD
                BEGIN:VCARD
                VERSION:3.0
                EMAIL:noname@example.com
                END:VCARD
                """);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("created").asInt()).isEqualTo(1);
        assertThat(response.json().path("errors").get(0).path("line").asInt()).isEqualTo(8);
        assertThat(response.json().path("errors").get(0).path("message").asString())
                .contains("name");
    }

    @Test
    void aByteOrderMarkAtTheStartOfAnExportIsNotPartOfTheFirstColumn() {
        String user = "bom-" + UUID.randomUUID().toString().substring(0, 8);
        Response csv = importFile(user, "text/csv", "\uFEFFname,emails\nJill Summers,jill@example.com\n");
        Response vcard = importFile(user, "text/vcard", "\uFEFFBEGIN:VCARD\nVERSION:4.0\nFN:Carol\nEND:VCARD\n");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.json().path("created").asInt()).isEqualTo(1);
        assertThat(csv.json().path("warnings")).isEmpty();
        assertThat(vcard.json().path("created").asInt()).isEqualTo(1);
    }

    @Test
    void anOutlookExportMakesTheContactsARecruiterExpects() throws IOException {
        String user = "outlook-" + UUID.randomUUID().toString().substring(0, 8);
        String export;
        try (var file = ImportIT.class.getResourceAsStream("/importing/outlook-contacts.csv")) {
            export = new String(file.readAllBytes(), StandardCharsets.UTF_8);
        }

        Response response = importFile(user, "text/csv", export);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("created").asInt()).isEqualTo(2);
        assertThat(response.json().path("errors").findValues("line"))
                .extracting(JsonNode::asInt)
                .containsExactly(5);
        JsonNode contacts = HttpApi.at(port)
                .as(TestTokens.token(user, "recruiter"))
                .get("/api/contacts")
                .json()
                .path("items");
        assertThat(contacts.findValuesAsString("name")).containsExactlyInAnyOrder("Jill Summers", "Kenji T. Watanabe");
        assertThat(contacts.findValuesAsString("company")).containsExactlyInAnyOrder("Acme Robotics", "Globex, Inc.");
        assertThat(contacts.findValuesAsString("title")).containsExactlyInAnyOrder("VP Engineering", "Recruiting Lead");
        assertThat(contacts.findValues("emails"))
                .extracting(emails -> emails.get(0).asString())
                .containsExactlyInAnyOrder("jill.summers@acme.example.com", "kenji.watanabe@globex.example.com");
    }

    @Test
    void aFileWithoutAHeaderNameColumnIs400AndAnUnknownTypeIs415() {
        assertThat(importFile("alice", "text/csv", "email\nx@example.com\n").status())
                .isEqualTo(400);
        assertThat(importFile("alice", "application/pdf", "%PDF").status()).isEqualTo(415);
    }
}
