package com.keepintouch.platform.kafka;

import com.keepintouch.platform.personal.KeyMissingException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.net.ConnectException;

/**
 * Failures that waiting fixes: the database or a peer is unreachable for a while, or the keyring
 * lacks a key it must have (restored or configured, it is back). A listener that
 * hits one is retried until it recovers, never dead-lettered (a record is not poison because
 * MongoDB restarted).
 */
public final class TransientFailures {

    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoSocketException
                    || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException
                    || t instanceof MongoConnectionPoolClearedException
                    || t instanceof ConnectException
                    || t instanceof KeyMissingException) {
                return true;
            }
        }
        return false;
    }
}
