package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.testkit.HttpApi;
import com.keepintouch.testkit.HttpApi.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** A recruiter of the tests, with the four APIs as she calls them. */
record People(String id, String email, HttpApi contacts, HttpApi interactions, HttpApi reminders, HttpApi notifier) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static People recruiter(String name) {
        return recruiter(SystemStack.get(), name);
    }

    /** A recruiter of {@code stack}, calling each service at its one address. */
    static People recruiter(LocalStack stack, String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String token = stack.token(id, "recruiter", Duration.ofHours(2));
        SystemStack.SECRETS.add(token);
        return new People(
                id,
                id + "@recruiters.example",
                HttpApi.at(stack.settings().serviceUrl("contact-service")).as(token),
                HttpApi.at(stack.settings().serviceUrl("interaction-service")).as(token),
                HttpApi.at(stack.settings().serviceUrl("reminder-service")).as(token),
                HttpApi.at(stack.settings().serviceUrl("notifier-service")).as(token));
    }

    String contact(String name, int cadenceDays) {
        return created(contacts.post(
                "/api/contacts", """
                {"name":"%s","emails":["%s"],"cadenceDays":%d,"tier":"REGULAR"}""".formatted(name, UUID.randomUUID() + "@people.example", cadenceDays)));
    }

    /** A contact without a cadence of her own, so that a cadence of one of her {@code tags} applies. */
    String contact(String name, List<String> tags, String title) {
        return created(contacts.post("/api/contacts", """
                {"name":"%s","emails":["%s"],"tags":%s,"title":"%s","tier":"REGULAR"}""".formatted(
                        name, UUID.randomUUID() + "@people.example", JSON.writeValueAsString(tags), title)));
    }

    /** An item of her library of things worth sharing. */
    String shareable(String url, String title, List<String> topics) {
        return created(reminders.post("/api/shareables", """
                {"url":"%s","title":"%s","topics":%s}""".formatted(url, title, JSON.writeValueAsString(topics))));
    }

    /** How often she keeps in touch with the contacts that carry {@code tag}. */
    void tagCadence(String tag, int days) {
        Response saved = reminders.send(
                "PUT",
                "/api/cadences/tags/" + tag,
                Map.of("Content-Type", "application/json"),
                BodyPublishers.ofString("{\"days\":" + days + "}"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static String created(Response created) {
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    Response touch(String contactId, String type, String direction, Instant at, String externalId) {
        return interactions.post("/api/interactions", """
                {"contactId":"%s","type":"%s","direction":"%s","occurredAt":"%s","externalId":"%s"}""".formatted(contactId, type, direction, at, externalId));
    }

    void touched(String contactId, String type, String direction, Instant at) {
        Response recorded =
                touch(contactId, type, direction, at, UUID.randomUUID().toString());
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
    }

    /** She shared the item {@code shareableId} of her library with the contact at {@code at}. */
    void shared(String contactId, String shareableId, Instant at) {
        Response recorded = interactions.post("/api/interactions", """
                {"contactId":"%s","type":"ARTICLE_SHARED","direction":"OUTBOUND","occurredAt":"%s","shareableId":"%s"}""".formatted(contactId, at, shareableId));
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
    }

    /** A webhook endpoint of hers at the receiver; the receiver learns the secret to verify with. */
    String subscribe(Receiver receiver, String... eventTypes) {
        String types = eventTypes.length == 0 ? "" : ",\"eventTypes\":[\"" + String.join("\",\"", eventTypes) + "\"]";
        Response created = notifier.post(
                "/api/webhooks", "{\"url\":\"" + receiver.url() + "\",\"description\":\"system test\"" + types + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        receiver.verifyWith(created.json().path("secret").asString());
        SystemStack.SECRETS.add(created.json().path("secret").asString());
        return created.json().path("id").asString();
    }

    void emailMe(String mode, String timezone, int digestHour) {
        Response saved = notifier.send(
                "PUT",
                "/api/preferences/me",
                Map.of("Content-Type", "application/json"),
                BodyPublishers.ofString("""
                        {"email":"%s","mode":"%s","timezone":"%s","digestHour":%d}""".formatted(email, mode, timezone, digestHour)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    String status(String contactId) {
        Response relationship = reminders.get("/api/relationships/" + contactId);
        return relationship.status() == 200
                ? relationship.json().path("status").asString()
                : "HTTP " + relationship.status();
    }
}
