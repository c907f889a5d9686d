package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.Settings;
import com.keepintouch.testkit.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./devstack.sh} as an operator runs it: the real launcher, a stack of its own (data under
 * {@code target/}, free ports), and its {@code status}, {@code restart} and {@code stop} commands run
 * as processes beside it. A process killed with {@code kill -9} comes back by itself; one restarted on
 * request comes back without counting as a death; {@code stop} leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisionIT {

    private static final Path DATA =
            SystemStack.ROOT.resolve("infra/system-tests/target/supervision-" + System.currentTimeMillis());
    private static final Settings PORTS = Settings.forTests(SystemStack.ROOT, DATA, Map.of());
    private static final Duration BACK_UP = Duration.ofMinutes(3);

    private static Process launcher;
    private static Path console;

    @BeforeAll
    static void startTheLauncher() throws IOException {
        SystemStack.stop();
        Files.createDirectories(DATA);
        console = DATA.resolveSibling(DATA.getFileName() + "-console.log");
        launcher = devstack("up")
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(launcher.isAlive())
                            .as("the launcher runs; its output:%n%s", read(console))
                            .isTrue();
                    return read(console).contains("devstack: ready in");
                });
    }

    @AfterAll
    static void stopWhateverIsLeft() throws Exception {
        if (launcher != null && launcher.isAlive()) {
            run("stop");
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void statusListsEveryProcessInStartOrderAllUp() {
        Result status = run("status");

        assertThat(status.code()).as(status.out()).isZero();
        assertThat(rows(status).keySet())
                .containsExactly(
                        "kafka",
                        "mongo",
                        "greenmail",
                        "contact-service",
                        "interaction-service",
                        "reminder-service",
                        "notifier-service");
        assertThat(rows(status).values()).allSatisfy(row -> {
            assertThat(row.health()).isEqualTo("UP");
            assertThat(row.restarts()).isEqualTo("0");
        });
    }

    @Test
    @Order(2)
    void aServiceKilledWithSigkillIsBackUpByItselfAndCountedAsARestart() {
        long killed = Long.parseLong(rows(run("status")).get("notifier-service").pid());

        ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // kill -9

        await().atMost(BACK_UP).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Row notifier = rows(run("status")).get("notifier-service");
            assertThat(notifier.health()).isEqualTo("UP");
            assertThat(notifier.restarts()).isEqualTo("1");
            assertThat(notifier.pid()).isNotEqualTo(Long.toString(killed));
        });
        assertThat(HttpApi.at(PORTS.serviceUrl("notifier-service"))
                        .get("/actuator/health")
                        .status())
                .isEqualTo(200);
        // status probes the health endpoint itself; the launcher's own probe, which says "up again", runs on
        // its next tick, so on a loaded machine the line may follow the UP by a moment
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(read(console))
                            .containsPattern(
                                    "devstack: notifier-service exited with code 137 after \\S+; restarting in 1 s"
                                            + " \\(restart 1\\)")
                            .containsPattern(
                                    "devstack: notifier-service is up again \\(pid \\d+, ready in [\\d.]+ s\\)");
                    assertThat(read(PORTS.logs().resolve("devstack.log")))
                            .contains("notifier-service exited with code 137", "notifier-service is up again");
                });
    }

    @Test
    @Order(3)
    void aRestartOnRequestStopsStartsAndWaitsWithoutCountingADeath() {
        String before = rows(run("status")).get("contact-service").pid();

        Result restart = run("restart", "contact-service");

        assertThat(restart.code()).as(restart.out()).isZero();
        assertThat(restart.out()).contains("devstack: contact-service is up again");
        Row contacts = rows(run("status")).get("contact-service");
        assertThat(contacts.health()).isEqualTo("UP");
        assertThat(contacts.pid()).isNotEqualTo(before);
        assertThat(contacts.restarts()).isEqualTo("0");
        assertThat(contacts.requested()).isEqualTo("1");
        assertThat(HttpApi.at(PORTS.serviceUrl("contact-service"))
                        .get("/actuator/health")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Order(4)
    void aRestartOfAnUnknownNameSaysWhichNamesThereAre() {
        Result restart = run("restart", "mailer");

        assertThat(restart.code()).isEqualTo(2);
        assertThat(restart.out())
                .contains("no process called 'mailer'")
                .contains("kafka, mongo, greenmail, contact-service, interaction-service, reminder-service,"
                        + " notifier-service");
    }

    @Test
    @Order(5)
    void stopLeavesNothingBehindAndStatusThenSaysNoStackRuns() throws Exception {
        Result stop = run("stop");

        assertThat(stop.code()).as(stop.out()).isZero();
        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> ofThisStack().isEmpty());
        assertThat(read(console)).doesNotContain("exited with code 143");
        Result status = run("status");
        assertThat(status.code()).isEqualTo(3);
        assertThat(status.out()).contains("no stack is running");
        Result restart = run("restart", "contact-service");
        assertThat(restart.code()).isEqualTo(3);
        assertThat(restart.out()).contains("no stack is running");
    }

    // ---------------------------------------------------------------- the launcher's commands

    /** The command {@code ./devstack.sh} execs, with this stack's data directory and ports. */
    private static ProcessBuilder devstack(String... args) {
        Path devstack = SystemStack.ROOT.resolve("infra/devstack/target");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-Ddevstack.root=" + SystemStack.ROOT,
                "-cp",
                devstack.resolve("classes") + ":" + devstack.resolve("lib") + "/*",
                "com.keepintouch.devstack.Devstack"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(SystemStack.ROOT.toFile());
        Map<String, String> env = builder.environment();
        env.put("DEVSTACK_DATA", DATA.toString());
        env.put("DEVSTACK_KAFKA_PORT", Integer.toString(PORTS.kafkaPort()));
        env.put("DEVSTACK_KAFKA_CONTROLLER_PORT", Integer.toString(PORTS.kafkaControllerPort()));
        env.put("DEVSTACK_MONGO_PORT", Integer.toString(PORTS.mongoPort()));
        env.put("DEVSTACK_SMTP_PORT", Integer.toString(PORTS.smtpPort()));
        env.put("DEVSTACK_IMAP_PORT", Integer.toString(PORTS.imapPort()));
        env.put("DEVSTACK_MAIL_API_PORT", Integer.toString(PORTS.mailApiPort()));
        env.put("DEVSTACK_CAPTURE_SMTP_PORT", Integer.toString(PORTS.captureSmtpPort()));
        PORTS.servicePorts()
                .forEach((service, port) -> env.put(
                        "DEVSTACK_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT",
                        Integer.toString(port)));
        env.put("DEVSTACK_MONGO_HEAP", "512m");
        // C1 only, as in SystemStack: a restarted service is ready sooner on busy cores.
        env.put("JDK_JAVA_OPTIONS", SystemStack.TEST_ENVIRONMENT.get("JDK_JAVA_OPTIONS"));
        return builder;
    }

    private record Result(int code, String out) {}

    private static Result run(String... args) {
        try {
            Path out = Files.createTempFile(DATA.getParent(), "devstack-", ".out");
            Process command = devstack(args)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!command.waitFor(6, TimeUnit.MINUTES)) {
                command.destroyForcibly();
                throw new AssertionError("./devstack.sh " + String.join(" ", args) + " did not end: " + read(out));
            }
            String said = read(out);
            Files.delete(out);
            return new Result(command.exitValue(), said);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record Row(String name, String pid, String uptime, String restarts, String requested, String health) {}

    /** The table of {@code status}, by name; columns are two or more spaces apart. */
    private static Map<String, Row> rows(Result status) {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> lines = status.out().lines().toList();
        int heading = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith("NAME "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table in: " + status.out())));
        for (String line : lines.subList(heading + 1, lines.size())) {
            String[] cells = line.trim().split("\\s{2,}");
            if (cells.length == 6) {
                rows.put(cells[0], new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]));
            }
        }
        return rows;
    }

    private static List<ProcessHandle> ofThisStack() {
        String marker = "-Ddevstack.data=" + DATA + " ";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> (line + " ").contains(marker))
                        .orElse(false))
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
