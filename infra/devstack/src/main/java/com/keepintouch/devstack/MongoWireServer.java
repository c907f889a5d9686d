package com.keepintouch.devstack;

import com.keepintouch.embeddedmongo.EmbeddedMongo;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;

/**
 * The MongoDB of the local stack, as its own process: the {@link EmbeddedMongo} with its write
 * journal, so data survives a restart and a kill, and secondary indexes as declared. Usage:
 * {@code MongoWireServer DIRECTORY HOST PORT}.
 *
 * <p>A directory of a version before the journal (an H2 file {@code data.mv} and no journal) keeps
 * being served from that file, without secondary indexes, so nobody's local data is lost; delete
 * the directory to get the journal and the indexes. This path is the only reason the H2 backend is
 * still a dependency.
 */
public final class MongoWireServer {

    static final String LEGACY_H2_FILE = "data.mv";

    private MongoWireServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MongoWireServer <data directory> <host> <port>");
            System.exit(2);
        }
        Path directory = Path.of(args[0]).toAbsolutePath();
        Runnable stop = start(directory, args[1], Integer.parseInt(args[2]));
        System.out.println("mongo wire server listening on " + args[1] + ":" + args[2] + " data=" + directory);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run(); // closes the backend, which writes what is pending to disk
            System.out.println("mongo wire server stopped, data flushed to " + directory);
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts the server on {@code directory}; the returned action stops it. */
    static Runnable start(Path directory, String host, int port) throws IOException {
        Files.createDirectories(directory);
        Path legacy = directory.resolve(LEGACY_H2_FILE);
        if (Files.exists(legacy) && !Files.exists(directory.resolve(EmbeddedMongo.JOURNAL_FILE))) {
            System.out.println("mongo wire server: serving the H2 file " + legacy + " of an earlier version, without"
                    + " secondary indexes; delete " + directory + " to start afresh with the journal and indexes");
            MongoServer server = new MongoServer(new H2Backend(new MVStore.Builder()
                    .fileName(legacy.toString())
                    .cacheSize(Integer.getInteger("devstack.mongo.h2-cache-mb", 256))
                    .open()));
            server.bind(host, port);
            return server::shutdown;
        }
        long compactAbove = Long.getLong("devstack.mongo.compact-above-mb", 512) * 1024 * 1024;
        EmbeddedMongo mongo = EmbeddedMongo.journaled(directory, host, port, compactAbove);
        return mongo::shutdown;
    }
}
