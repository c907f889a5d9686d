package com.keepintouch.system;

import com.keepintouch.devstack.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mail the stack's GreenMail received, read over its HTTP API as a person would read an inbox. */
final class Mail {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One email: its subject and the whole MIME text (both parts). */
    record Message(String subject, String mime) {}

    private Mail() {}

    static List<Message> inbox(String address) {
        return inbox(SystemStack.get().settings(), address);
    }

    /** The inbox of {@code address} at the GreenMail of the stack with these settings. */
    static List<Message> inbox(Settings settings, String address) {
        URI uri = URI.create("http://" + settings.host() + ":" + settings.mailApiPort() + "/api/user/"
                + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX/");
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of(); // no mail yet: GreenMail knows the user only after the first one
            }
            List<Message> messages = new ArrayList<>();
            for (JsonNode message : JSON.readTree(response.body())) {
                messages.add(new Message(
                        message.path("subject").asString(),
                        message.path("mimeMessage").asString()));
            }
            return messages;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
