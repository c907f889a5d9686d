package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureBannerTest {

    @TempDir
    Path data;

    @Test
    void theReadyBannerShowsTheDevOwnersAddressAndTheSmtpPort() {
        Settings settings = Settings.forTests(Path.of("."), data, Map.of());

        String line = Devstack.captureLine(settings, Optional.of("log+abc@capture.keepintouch.local"));

        assertThat(line)
                .contains("BCC log+abc@capture.keepintouch.local via SMTP 127.0.0.1:" + settings.captureSmtpPort())
                .contains("alice's")
                .contains(settings.serviceUrl("interaction-service") + "/api/capture/address");
    }

    @Test
    void withoutAnAddressItSaysThePortAndHowToAskForOne() {
        Settings settings = Settings.forTests(Path.of("."), data, Map.of());

        String line = Devstack.captureLine(settings, Optional.empty());

        assertThat(line)
                .contains("SMTP 127.0.0.1:" + settings.captureSmtpPort())
                .contains("curl -H \"Authorization: Bearer $TOKEN\" " + settings.serviceUrl("interaction-service")
                        + "/api/capture/address");
    }

    @Test
    void asksInteractionServiceWithATokenOfTheOwner() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<String> authorization = new AtomicReference<>();
        server.createContext("/api/capture/address", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"ownerId\":\"alice\",\"address\":\"log+abc@capture.keepintouch.local\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Settings stack = Settings.forTests(Path.of("."), data, Map.of());
            Map<String, Integer> ports = new HashMap<>(stack.servicePorts());
            ports.put("interaction-service", server.getAddress().getPort());
            Settings settings = withServicePorts(stack, ports);

            assertThat(Devstack.captureAddress(settings, "alice")).contains("log+abc@capture.keepintouch.local");
            assertThat(authorization.get()).startsWith("Bearer ey");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServiceThatDoesNotAnswerGivesNoAddress() {
        Settings settings = Settings.forTests(Path.of("."), data, Map.of());

        assertThat(Devstack.captureAddress(settings, "alice")).isEmpty();
    }

    private static Settings withServicePorts(Settings s, Map<String, Integer> ports) {
        return new Settings(
                s.root(),
                s.data(),
                s.host(),
                s.kafkaPort(),
                s.kafkaControllerPort(),
                s.mongoPort(),
                s.smtpPort(),
                s.imapPort(),
                s.mailApiPort(),
                s.captureSmtpPort(),
                s.captureSmtpInstancePorts(),
                Map.copyOf(ports),
                s.instances(),
                s.instancePorts(),
                s.jwtSecret(),
                s.serviceHeap(),
                s.java(),
                s.classpath(),
                s.serviceEnvironment());
    }
}
