package com.keepintouch.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HAProxy configuration of a stack with several instances of each service: per service a
 * frontend on the service's port and a backend that takes turns among its instances, sends only to
 * those whose {@code /actuator/health} answers 200, and sends a request that found an instance gone
 * to another one. A request is sent again only when that cannot do it twice: a connection that
 * failed (nothing reached the instance) for any method; an instance that died or went silent after
 * reading the request only for the idempotent methods. A POST then answers 502 or 504, and the
 * client sends it again with its {@code Idempotency-Key} or {@code externalId}. The capture
 * address listener of interaction-service's instances is one more frontend, passed through as TCP.
 */
final class ProxyConfiguration {

    private ProxyConfiguration() {}

    static String of(Settings settings) {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by devstack at every start: changes here are lost.",
                "global",
                "    log stdout format raw local0 info",
                "    maxconn 4096",
                "",
                "defaults",
                "    mode http",
                "    log global",
                "    option httplog",
                "    option dontlognull",
                "    option forwardfor",
                "    timeout connect 2s",
                "    timeout client 60s",
                "    timeout server 60s",
                "    timeout http-request 10s",
                "    timeout http-keep-alive 10s",
                "    timeout queue 10s",
                "    # An instance that refuses or drops the connection costs no request that can be sent",
                "    # again safely: up to 3 more tries, each on another instance.",
                "    retries 3",
                "    option redispatch 1",
                "    retry-on conn-failure empty-response response-timeout",
                "    # Checked every second, out after 2 failures, back after 2 successes.",
                "    default-server inter 1s fall 2 rise 2",
                ""));
        for (Map.Entry<String, Integer> service : settings.servicePorts().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .toList()) {
            String name = service.getKey();
            lines.add("frontend " + name);
            lines.add("    bind " + settings.host() + ":" + service.getValue());
            lines.add("    default_backend " + name);
            lines.add("");
            lines.add("backend " + name);
            lines.add("    balance roundrobin");
            lines.add("    option httpchk");
            lines.add("    http-check send meth GET uri /actuator/health");
            lines.add("    http-check expect status 200");
            lines.add("    # Once the instance has the request, only an idempotent one may be sent again.");
            lines.add("    http-request disable-l7-retry unless { method GET HEAD OPTIONS PUT DELETE }");
            List<String> instances = settings.instanceNames(name);
            for (int k = 1; k <= instances.size(); k++) {
                lines.add("    server " + instances.get(k - 1) + " " + settings.host() + ":"
                        + settings.instancePort(name, k) + " check");
            }
            lines.add("");
        }
        // The capture address listener speaks SMTP, not HTTP: passed through as TCP to an instance that
        // listens, under defaults of its own (those above are HTTP's).
        lines.addAll(List.of(
                "defaults",
                "    mode tcp",
                "    log global",
                "    option tcplog",
                "    timeout connect 2s",
                "    timeout client 5m",
                "    timeout server 5m",
                "    default-server inter 1s fall 2 rise 2",
                "",
                "frontend capture-smtp",
                "    bind " + settings.host() + ":" + settings.captureSmtpPort(),
                "    default_backend capture-smtp",
                "",
                "backend capture-smtp",
                "    balance roundrobin"));
        List<String> instances = settings.instanceNames(Settings.CAPTURE_SMTP_SERVICE);
        for (int k = 1; k <= instances.size(); k++) {
            lines.add("    server " + instances.get(k - 1) + " " + settings.host() + ":"
                    + settings.captureSmtpInstancePort(k) + " check");
        }
        lines.add("");
        return String.join("\n", lines) + "\n";
    }
}
