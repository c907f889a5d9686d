package com.keepintouch.reminder.library;

import static com.keepintouch.reminder.library.ShareableDocuments.CREATED_AT;
import static com.keepintouch.reminder.library.ShareableDocuments.ID;
import static com.keepintouch.reminder.library.ShareableDocuments.OWNER_ID;
import static com.keepintouch.reminder.library.ShareableDocuments.URL_KEY;

import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.platform.system.DuplicateKeys;
import com.keepintouch.platform.system.StoredValues;
import com.keepintouch.reminder.relationship.domain.Shareable;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The owners' libraries, one document per item in {@code shareables}. */
@Component
class Shareables {

    static final String COLLECTION = "shareables";

    private final MongoCollection<Document> collection;
    private final ShareableDocuments documents = new ShareableDocuments();

    Shareables(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        CollectionIndexes.declare(
                collection,
                List.of(
                        // an owner's link once
                        new IndexModel(
                                Indexes.ascending(OWNER_ID, URL_KEY),
                                new IndexOptions().name("owner_url").unique(true)),
                        // an owner's library newest first: the list, and the items the rules read
                        new IndexModel(
                                Indexes.compoundIndex(Indexes.ascending(OWNER_ID), Indexes.descending(CREATED_AT, ID)),
                                new IndexOptions().name("owner_newest"))));
    }

    /** Stores {@code shareable}; empty when stored, else the id of the owner's item with the same url. */
    Optional<String> insert(Shareable shareable) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                collection.insertOne(documents.toDocument(shareable));
                return Optional.empty();
            } catch (MongoWriteException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
            }
            Document holder = collection
                    .find(Filters.and(
                            Filters.eq(OWNER_ID, shareable.ownerId()),
                            Filters.eq(URL_KEY, ShareableDocuments.urlKey(shareable.url()))))
                    .projection(new Document(ID, 1))
                    .first();
            if (holder != null) {
                return Optional.of(holder.getString(ID));
            }
            // deleted meanwhile: the url is free again
        }
        throw new IllegalStateException("the url of shareable " + shareable.id() + " kept changing hands");
    }

    Optional<Shareable> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first()).map(documents::fromDocument);
    }

    /** Deletes the item {@code id} of {@code ownerId}; false when the owner has none by that id. */
    boolean delete(String ownerId, String id) {
        return collection
                        .deleteOne(Filters.and(Filters.eq(ID, id), Filters.eq(OWNER_ID, ownerId)))
                        .getDeletedCount()
                == 1;
    }

    /** The {@link PageRequest#fetchSize()} items of a page of an owner's library, newest first. */
    List<Shareable> list(String ownerId, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq(OWNER_ID, ownerId));
        if (page.after().isPresent()) {
            Position after = page.after().get();
            Date at = StoredValues.date(after.at());
            filters.add(Filters.lte(CREATED_AT, at)); // lets the index start at the cursor
            filters.add(Filters.or(
                    Filters.lt(CREATED_AT, at), Filters.and(Filters.eq(CREATED_AT, at), Filters.lt(ID, after.id()))));
        }
        List<Shareable> fetched = new ArrayList<>(page.fetchSize());
        collection
                .find(Filters.and(filters))
                .sort(Sorts.descending(CREATED_AT, ID))
                .limit(page.fetchSize())
                .forEach(d -> fetched.add(documents.fromDocument(d)));
        return fetched;
    }

    /**
     * The newest {@code perOwner} items of each of {@code ownerIds}, newest first: a query per owner,
     * bounded by {@code perOwner} and served by {@code owner_newest}, so a library of any size costs
     * only what the rules read of it.
     */
    Map<String, List<Shareable>> newest(Collection<String> ownerIds, int perOwner) {
        Map<String, List<Shareable>> found = new HashMap<>();
        for (String ownerId : ownerIds) {
            List<Shareable> items = new ArrayList<>();
            collection
                    .find(Filters.eq(OWNER_ID, ownerId))
                    .sort(Sorts.descending(CREATED_AT, ID))
                    .limit(perOwner)
                    .forEach(d -> items.add(documents.fromDocument(d)));
            if (!items.isEmpty()) {
                found.put(ownerId, items);
            }
        }
        return found;
    }
}
