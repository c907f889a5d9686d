package com.keepintouch.reminder.relationship;

import static com.keepintouch.reminder.relationship.ArchivedTouchDocuments.CONTACT_ID;
import static com.keepintouch.reminder.relationship.ArchivedTouchDocuments.ID;

import com.keepintouch.platform.system.CollectionIndexes;
import com.keepintouch.reminder.relationship.ArchivedTouchDocuments.ArchivedTouch;
import com.keepintouch.reminder.relationship.domain.RelationshipEvent;
import com.keepintouch.reminder.relationship.domain.RelationshipFacts;
import com.keepintouch.reminder.relationship.domain.TouchArchive;
import com.keepintouch.reminder.relationship.domain.Touchpoint;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The touchpoints that have left their relationship's window, one document per interaction
 * ({@code relationship_touches}). Written only from what a stored relationship version moved out
 * ({@link RelationshipFacts#archiving()}), so everything here has been counted; read only for
 * events about interactions older than a window, so a new touch never costs a read here.
 */
@Component
class ArchivedTouches {

    static final String COLLECTION = "relationship_touches";

    private final MongoCollection<Document> collection;
    private final ArchivedTouchDocuments documents = new ArchivedTouchDocuments();

    ArchivedTouches(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        CollectionIndexes.declare(
                collection, List.of(new IndexModel(Indexes.ascending(CONTACT_ID), new IndexOptions().name("contact"))));
    }

    /** Stores what these relationships moved out of their windows; a repeat stores the same again. */
    void store(Map<String, List<Touchpoint>> moved) {
        List<ReplaceOneModel<Document>> writes = new ArrayList<>();
        moved.forEach((contactId, touchpoints) -> touchpoints.forEach(t -> writes.add(new ReplaceOneModel<>(
                Filters.eq(ID, t.id()),
                documents.toDocument(new ArchivedTouch(contactId, t)),
                new ReplaceOptions().upsert(true)))));
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** Every archived touchpoint of this relationship (for the export of what is held about the person). */
    List<Touchpoint> of(String contactId) {
        List<Touchpoint> found = new ArrayList<>();
        for (Document d : collection.find(Filters.eq(CONTACT_ID, contactId))) {
            found.add(documents.fromDocument(d).touchpoint());
        }
        return found;
    }

    /** Removes every archived touchpoint of this relationship (its person was erased); returns how many. */
    long erase(String contactId) {
        return collection.deleteMany(Filters.eq(CONTACT_ID, contactId)).getDeletedCount();
    }

    /**
     * The archive of each relationship for folding {@code events} into it: the archived touchpoints
     * these events could concern, read in one query for all of them; the whole archive of one
     * relationship only if a fold asks for it (a late touch or the deletion of an archived one).
     */
    Map<String, TouchArchive> forEvents(
            Map<String, RelationshipFacts> facts, Map<String, List<RelationshipEvent>> events) {
        Set<String> wanted = new HashSet<>();
        events.forEach((contactId, list) -> {
            RelationshipFacts known = facts.get(contactId);
            for (RelationshipEvent event : list) {
                if (event instanceof RelationshipEvent.InteractionRecorded recorded) {
                    Touchpoint t = recorded.touchpoint();
                    if (known != null && !known.holds(t.id()) && known.mayBeArchived(t)) {
                        wanted.add(t.id());
                    }
                } else if (event instanceof RelationshipEvent.InteractionDeleted deleted) {
                    if (known != null && !known.holds(deleted.interactionId())) {
                        wanted.add(deleted.interactionId());
                    }
                }
            }
        });
        Map<String, Map<String, Touchpoint>> found = new HashMap<>();
        if (!wanted.isEmpty()) {
            for (Document d : collection.find(Filters.in(ID, wanted))) {
                ArchivedTouch archived = documents.fromDocument(d);
                found.computeIfAbsent(archived.contactId(), c -> new HashMap<>())
                        .put(archived.touchpoint().id(), archived.touchpoint());
            }
        }
        Map<String, TouchArchive> archives = new HashMap<>();
        for (String contactId : events.keySet()) {
            archives.put(contactId, new Archive(contactId, found.getOrDefault(contactId, Map.of()), wanted));
        }
        return archives;
    }

    /** One relationship's archive: the prefetched touchpoints, and the whole archive on demand. */
    private final class Archive implements TouchArchive {
        private final String contactId;
        private final Map<String, Touchpoint> prefetched;
        private final Collection<String> asked;
        private List<Touchpoint> all;

        Archive(String contactId, Map<String, Touchpoint> prefetched, Collection<String> asked) {
            this.contactId = contactId;
            this.prefetched = prefetched;
            this.asked = asked;
        }

        @Override
        public Optional<Touchpoint> find(String interactionId) {
            if (asked.contains(interactionId)) {
                return Optional.ofNullable(prefetched.get(interactionId));
            }
            // an earlier event of the same batch moved the window on: read this one alone
            Document d = collection
                    .find(Filters.and(Filters.eq(ID, interactionId), Filters.eq(CONTACT_ID, contactId)))
                    .first();
            return Optional.ofNullable(d)
                    .map(found -> documents.fromDocument(found).touchpoint());
        }

        @Override
        public List<Touchpoint> all() {
            if (all == null) {
                all = new ArrayList<>();
                for (Document d : collection.find(Filters.eq(CONTACT_ID, contactId))) {
                    all.add(documents.fromDocument(d).touchpoint());
                }
            }
            return all;
        }
    }
}
