package com.keepintouch.platform.system;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one way the services tell "that unique key is taken" (an {@code _id} or a unique index) from
 * any other failed write: by the driver's error category, which covers every server code for it
 * (11000, 11001, 12582), whether the write was a single one, a command or part of a bulk write.
 */
public final class DuplicateKeys {

    private DuplicateKeys() {}

    /** Whether {@code e} says only that a unique key is taken. */
    public static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoCommandException command) {
            return ErrorCategory.fromErrorCode(command.getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        return false;
    }

    /**
     * The positions of the writes of a bulk write that found their unique key taken; rethrows
     * {@code e} if any write failed for another reason, or the write concern was not met.
     */
    public static Set<Integer> duplicatesOf(MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null) {
            throw e;
        }
        Set<Integer> duplicates = new LinkedHashSet<>();
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            duplicates.add(error.getIndex());
        }
        return duplicates;
    }
}
