package com.keepintouch.notifier.support;

import com.keepintouch.testkit.Infrastructure;
import com.keepintouch.testkit.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * A notifier-service for the in-process benchmark (not a test): the service, the embedded Kafka
 * broker and the in-memory Mongo wire server in this JVM. Writes {@code <bootstrap> <url> <owner>
 * <token>} to the file named by its argument when ready, and runs until killed. Started by
 * {@code ./bench.sh notifier-inprocess}, which then runs the same benchmark as against the local stack.
 */
public final class InProcessStack {

    private InProcessStack() {}

    public static void main(String[] args) throws Exception {
        Infrastructure infrastructure = Infrastructure.get();
        NotifierInstance instance = NotifierInstance.start(
                "bench",
                "bench",
                Clock.systemUTC(),
                "kit.webhooks.sweep-interval=1s",
                "kit.webhooks.stuck-scan-interval=1m",
                "logging.level.root=WARN");
        String owner = "bench-" + System.currentTimeMillis();
        String url = "http://127.0.0.1:" + instance.context().getEnvironment().getProperty("local.server.port");
        Files.writeString(
                Path.of(args[0]),
                infrastructure.kafkaBootstrapServers() + " " + url + " " + owner + " "
                        + TestTokens.token(owner, "recruiter") + "\n");
        System.out.println("in-process notifier ready at " + url + ", kafka " + infrastructure.kafkaBootstrapServers());
        new CountDownLatch(1).await();
    }
}
