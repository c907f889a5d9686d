package com.keepintouch.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;

/**
 * The MongoDB wire server of the local stack, as its own process: {@code mongo-java-server} with
 * its in-memory backend made durable by a write journal ({@link JournaledMemoryBackend}), so data
 * survives a restart and a kill. Usage: {@code MongoWireServer DIRECTORY HOST PORT}.
 *
 * <p>A directory from an earlier version that holds an H2 file ({@code data.mv}) and no journal
 * keeps being served from that file, so no data is lost; delete the directory to get the journal.
 */
public final class MongoWireServer {

    static final String JOURNAL = "journal.bin";
    static final String LEGACY_H2_FILE = "data.mv";

    private MongoWireServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MongoWireServer <data directory> <host> <port>");
            System.exit(2);
        }
        Path directory = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(directory);
        MongoBackend backend = backend(directory);
        MongoServer server = new MongoServer(backend);
        // no oplog: nothing uses change streams, and it would double every write
        server.bind(args[1], Integer.parseInt(args[2]));
        System.out.println("mongo wire server listening on " + args[1] + ":" + args[2] + " data=" + directory);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown(); // closes the backend, which writes what is pending to disk
            System.out.println("mongo wire server stopped, data flushed to " + directory);
            stopped.countDown();
        }));
        stopped.await();
    }

    static MongoBackend backend(Path directory) throws java.io.IOException {
        Path legacy = directory.resolve(LEGACY_H2_FILE);
        if (Files.exists(legacy) && !Files.exists(directory.resolve(JOURNAL))) {
            System.out.println("mongo wire server: serving the H2 file " + legacy + " of an earlier version; delete "
                    + directory + " to start afresh with the faster journal");
            return new H2Backend(new MVStore.Builder()
                    .fileName(legacy.toString())
                    .cacheSize(Integer.getInteger("devstack.mongo.h2-cache-mb", 256))
                    .open());
        }
        return JournaledMemoryBackend.open(directory.resolve(JOURNAL));
    }
}
