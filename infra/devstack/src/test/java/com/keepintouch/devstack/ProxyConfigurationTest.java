package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigurationTest {

    @TempDir
    Path data;

    @Test
    void oneInstanceKeepsTheNamesAndPortsOfTheServices() {
        Settings settings = Settings.forTests(Path.of("."), data, Map.of());

        assertThat(settings.instanceNames("contact-service")).containsExactly("contact-service");
        assertThat(settings.instanceUrl("contact-service")).isEqualTo(settings.serviceUrl("contact-service"));
        assertThat(settings.ports()).containsKey("contact-service").doesNotContainKey("contact-service-1");
    }

    @Test
    void severalInstancesHaveTheirOwnNamesAndPortsBehindTheServicesAddress() {
        Settings settings = Settings.forTests(Path.of("."), data, Map.of(), 2);

        assertThat(settings.instanceNames("notifier-service"))
                .containsExactly("notifier-service-1", "notifier-service-2");
        assertThat(settings.ports())
                .containsKeys("notifier-service (proxy)", "notifier-service-1", "notifier-service-2")
                .containsKeys("capture smtp (proxy)", "capture smtp (interaction-service-2)");
        assertThat(settings.ports().values()).doesNotHaveDuplicates();
        assertThat(settings.instanceUrl("notifier-service-2")).isNotEqualTo(settings.serviceUrl("notifier-service"));
    }

    @Test
    void theInstanceCountIsOneToFour() {
        assertThat(Settings.instances(null)).isEqualTo(1);
        assertThat(Settings.instances(" 3 ")).isEqualTo(3);
        for (String wrong : new String[] {"0", "5", "two"}) {
            assertThatThrownBy(() -> Settings.instances(wrong))
                    .hasMessage("DEVSTACK_INSTANCES must be a whole number from 1 to 4 (how many instances of each"
                            + " service to run), was '" + wrong + "'");
        }
    }

    @Test
    void routesEachServiceToItsInstancesAndRetriesOnlyWhatIsSafe() {
        Settings settings = Settings.forTests(Path.of("."), data, Map.of(), 2);

        String config = ProxyConfiguration.of(settings);

        assertThat(config)
                .contains("frontend contact-service\n    bind 127.0.0.1:"
                        + settings.servicePorts().get("contact-service"))
                .contains(
                        "server contact-service-2 127.0.0.1:" + settings.instancePort("contact-service", 2) + " check")
                .contains("http-check send meth GET uri /actuator/health", "option forwardfor", "option redispatch")
                .contains("http-request disable-l7-retry unless { method GET HEAD OPTIONS PUT DELETE }")
                .contains("defaults\n    mode tcp")
                .contains("frontend capture-smtp\n")
                .contains("bind 127.0.0.1:" + settings.captureSmtpPort())
                .contains("server interaction-service-2 127.0.0.1:" + settings.captureSmtpInstancePort(2) + " check");
    }

    @Test
    void haproxyAcceptsTheConfiguration() throws Exception {
        Path haproxy;
        try {
            haproxy = LocalStack.haproxy();
        } catch (IllegalStateException missing) {
            assumeTrue(false, missing.getMessage());
            return;
        }
        Path config = data.resolve("haproxy.cfg");
        Files.writeString(config, ProxyConfiguration.of(Settings.forTests(Path.of("."), data, Map.of(), 3)));

        Process check = new ProcessBuilder(haproxy.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).doesNotContainIgnoringCase("warning");
    }
}
