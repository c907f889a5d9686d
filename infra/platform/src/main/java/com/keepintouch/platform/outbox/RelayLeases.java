package com.keepintouch.platform.outbox;

import com.mongodb.client.MongoDatabase;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** Makes the relay lease of a service, held under a name unique to this process. */
public final class RelayLeases {

    static final String COLLECTION = "outbox_leases";

    private RelayLeases() {}

    public static RelayLease forService(MongoDatabase database, String service, Duration duration) {
        return new RelayLease(database.getCollection(COLLECTION), service, holderName(), duration, Clock.systemUTC());
    }

    /** A name unique to this process (host, pid and a random part), as a holder of leases in MongoDB. */
    public static String holderName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
