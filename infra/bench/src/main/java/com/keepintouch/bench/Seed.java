package com.keepintouch.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Puts unrelated data beside what the read benchmark reads: copies of one stored document with new
 * ids, for other contacts of the same owner (interactions) or for other owners (contacts), written
 * straight to the database with no pending events, so nothing is published. Usage:
 * {@code Seed interactions|contacts MONGO_URI OWNER COUNT}.
 */
public final class Seed {

    private Seed() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: Seed interactions|contacts <mongo uri> <owner> <count>");
            System.exit(2);
        }
        String kind = args[0];
        String owner = args[2];
        int count = Integer.parseInt(args[3]);
        String database = kind.equals("interactions") ? "interactions" : "contacts";
        long started = System.nanoTime();
        try (MongoClient client = MongoClients.create(args[1])) {
            MongoCollection<Document> collection = client.getDatabase(database).getCollection(kind);
            Document template = collection.find(Filters.eq("ownerId", owner)).first();
            if (template == null) {
                System.err.println("seed: no " + kind + " of owner " + owner + " to copy");
                System.exit(2);
            }
            template.remove("pendingEvents");
            template.remove("outboxPendingSince");
            String run = Long.toString(System.currentTimeMillis(), 36);
            Instant now = Instant.now();
            List<Document> batch = new ArrayList<>(1000);
            for (int i = 0; i < count; i++) {
                Document copy = new Document(template);
                copy.put("_id", "seed_" + run + "_" + i);
                if (kind.equals("interactions")) {
                    copy.put("contactId", "seed_contact_" + (i % 1000)); // other contacts of the same owner
                    copy.put("occurredAt", Date.from(now.minusSeconds(60L * (i % 500_000))));
                } else {
                    copy.put("ownerId", "seed_owner_" + (i % 100)); // other owners
                    copy.put("emails", List.of());
                }
                batch.add(copy);
                if (batch.size() == 1000) {
                    collection.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                collection.insertMany(batch);
            }
        }
        System.out.printf("seed: %,d %s written in %.1f s%n", count, kind, (System.nanoTime() - started) / 1e9);
    }
}
