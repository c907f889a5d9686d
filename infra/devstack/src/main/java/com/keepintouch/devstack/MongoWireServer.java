package com.keepintouch.devstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The MongoDB wire server of the local stack, as its own process: {@code mongo-java-server} with
 * its H2 file backend, so data survives a restart. Usage: {@code MongoWireServer FILE HOST PORT}.
 */
public final class MongoWireServer {

    private MongoWireServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MongoWireServer <data file> <host> <port>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        H2Backend backend = new H2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        // no oplog: nothing uses change streams, and it would double every write
        server.bind(args[1], Integer.parseInt(args[2]));
        System.out.println("mongo wire server listening on " + args[1] + ":" + args[2] + " data=" + file);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown(); // closes the backend, which writes the H2 file
            System.out.println("mongo wire server stopped, data flushed to " + file);
            stopped.countDown();
        }));
        stopped.await();
    }
}
