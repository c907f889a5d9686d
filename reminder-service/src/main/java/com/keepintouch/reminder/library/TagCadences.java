package com.keepintouch.reminder.library;

import static com.keepintouch.reminder.library.TagCadenceDocuments.OWNER_ID;
import static com.keepintouch.reminder.library.TagCadenceDocuments.TAG;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The owners' cadences per tag, one document per owner and lower-cased tag in {@code tag_cadences}. */
@Component
class TagCadences {

    static final String COLLECTION = "tag_cadences";

    private final MongoCollection<Document> collection;
    private final TagCadenceDocuments documents = new TagCadenceDocuments();

    TagCadences(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        CollectionIndexes.declare(
                collection,
                List.of(
                        // one cadence per owner and tag; an owner's in tag order; every owner's of a batch
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, TAG),
                                new IndexOptions().name("owner_tag").unique(true))));
    }

    /** Sets the owner's cadence for its tag, replacing the one there was. */
    void put(TagCadence cadence) {
        Bson key = key(cadence.ownerId(), cadence.tag());
        try {
            collection.replaceOne(key, documents.toDocument(cadence), new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // two upserts of a new tag at once: the other inserted it, so this one replaces it
            collection.replaceOne(key, documents.toDocument(cadence));
        }
    }

    /** Removes the owner's cadence for {@code tag}; false when there was none. */
    boolean delete(String ownerId, String tag) {
        return collection.deleteOne(key(ownerId, tag)).getDeletedCount() == 1;
    }

    /** The owner's cadences in tag order. */
    List<TagCadence> of(String ownerId) {
        return of(List.of(ownerId));
    }

    /** The cadences of {@code ownerIds}, in one query. */
    List<TagCadence> of(Collection<String> ownerIds) {
        List<TagCadence> found = new ArrayList<>();
        if (ownerIds.isEmpty()) {
            return found;
        }
        collection
                .find(Filters.in(OWNER_ID, ownerIds))
                .sort(Sorts.ascending(OWNER_ID, TAG))
                .forEach(d -> found.add(documents.fromDocument(d)));
        return found;
    }

    private static Bson key(String ownerId, String tag) {
        return Filters.and(Filters.eq(OWNER_ID, ownerId), Filters.eq(TAG, tag));
    }
}
