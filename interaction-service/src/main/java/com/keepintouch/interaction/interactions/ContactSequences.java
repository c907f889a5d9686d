package com.keepintouch.interaction.interactions;

import com.keepintouch.platform.system.StoredValues;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The per-contact counter behind the {@code sequence} of every event on interactions.v1, whatever
 * its type: recorded and deleted interactions, planned touches. Consumers order one contact's events by it.
 */
@Component
public class ContactSequences {

    /** The counter of a contact's events in {@code contact_sequences}. */
    private static final String SEQUENCE = "sequence";

    private final MongoCollection<Document> sequences;

    ContactSequences(MongoDatabase database) {
        this.sequences = database.getCollection("contact_sequences");
    }

    /** The next {@code sequence} of the events about one contact (atomic; gaps are harmless). */
    public long next(String contactId) {
        return next(contactId, 1);
    }

    /** Takes the next {@code count} numbers of the contact's sequence at once; returns the last of them. */
    public long next(String contactId, int count) {
        Document counter = sequences.findOneAndUpdate(
                Filters.eq("_id", contactId),
                Updates.inc(SEQUENCE, (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return StoredValues.longValue(counter, SEQUENCE);
    }
}
