package com.keepintouch.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

/** A collection whose documents carry an outbox; declare one bean per such collection. */
public record OutboxSource(MongoCollection<Document> collection) {

    public String name() {
        return collection.getNamespace().getCollectionName();
    }

    /**
     * The sparse index that makes the relay's full scan cost what is pending, not what is stored,
     * on MongoDB (the Mongo wire server of the local stack ignores secondary indexes).
     */
    void createIndex() {
        collection.createIndex(
                Indexes.ascending(Outbox.PENDING_EVENT_IDS),
                new IndexOptions().name("outbox_pending").sparse(true));
    }
}
