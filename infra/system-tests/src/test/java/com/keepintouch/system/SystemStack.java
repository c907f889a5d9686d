package com.keepintouch.system;

import static org.awaitility.Awaitility.await;

import com.keepintouch.devstack.LocalStack;
import com.keepintouch.devstack.Settings;
import com.keepintouch.testkit.HttpApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one stack of the system tests: the same processes {@code ./devstack.sh} starts (Kafka, the
 * Mongo wire server, GreenMail, the four service jars), on free ports, with data under {@code
 * target/}. Started by the first test class that asks, stopped when the test JVM exits.
 */
final class SystemStack {

    static final Path ROOT =
            Path.of(System.getProperty("system.root", "../..")).toAbsolutePath().normalize();

    /**
     * What the tests change from the defaults: retries and sweeps in seconds instead of minutes and
     * hours, so that "later" happens within a test.
     */
    static final Map<String, String> TEST_ENVIRONMENT = Map.of(
            // C1 only: a restarted service is ready in half the time on 2 busy cores; nothing here measures speed.
            "JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1",
            "KIT_WEBHOOKS_RETRYSCHEDULE", "1s,2s,3s,5s,5s,5s,5s",
            "KIT_REMINDERS_SWEEPINTERVAL", "2s",
            "KIT_EMAIL_DIGESTCHECKINTERVAL", "2s",
            "KIT_KAFKA_BACKLOG_INTERVAL", "2s",
            // The line each hop writes (interaction recorded, transition, webhook attempt) is DEBUG:
            // the tests read them to follow a trace through the logs.
            "LOGGING_LEVEL_COM_KEEPINTOUCH_INTERACTION_INTERACTIONS", "DEBUG",
            "LOGGING_LEVEL_COM_KEEPINTOUCH_REMINDER_RELATIONSHIP", "DEBUG",
            "LOGGING_LEVEL_COM_KEEPINTOUCH_NOTIFIER_DELIVERY", "DEBUG");

    private static LocalStack stack;

    private SystemStack() {}

    static synchronized LocalStack get() {
        if (stack == null) {
            Path data = ROOT.resolve("infra/system-tests/target/stack-" + System.currentTimeMillis());
            LocalStack started = new LocalStack(
                    Settings.forTests(ROOT, data, TEST_ENVIRONMENT), line -> System.out.println("[stack] " + line));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stack-stop"));
            started.startAll();
            stack = started;
        }
        return stack;
    }

    /** Stops the stack, if one was started, so that a class that starts a stack of its own has the machine to itself. */
    static synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /**
     * The stack as a test expects to find it: every process running (one a failed test left
     * stopped is started again) and every service UP.
     */
    static synchronized LocalStack healthy() {
        LocalStack running = get();
        for (String name : LocalStack.INFRASTRUCTURE) {
            if (!running.isAlive(name)) {
                running.start(name);
            }
        }
        for (String name : LocalStack.SERVICES) {
            if (!running.isAlive(name)) {
                running.start(name);
            }
        }
        // Awaitility polls on another thread: it must not need this class's lock.
        List<HttpApi> services = LocalStack.SERVICES.stream()
                .map(service -> HttpApi.at(running.settings().serviceUrl(service)))
                .toList();
        await().atMost(Duration.ofSeconds(120)).until(() -> services.stream().allMatch(SystemStack::up));
        return running;
    }

    private static boolean up(HttpApi service) {
        try {
            return service.get("/actuator/health").status() == 200;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    static HttpApi api(String service) {
        return HttpApi.at(get().settings().serviceUrl(service));
    }

    static HttpApi api(String service, String token) {
        return api(service).as(token);
    }

    static String token(String subject, String scopes) {
        String token = get().token(subject, scopes, Duration.ofHours(2));
        SECRETS.add(token);
        return token;
    }

    /** Every secret the tests handed to or got from the system: none may appear in a log. */
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
}
