package com.keepintouch.notifier.webhook;

import static com.keepintouch.notifier.webhook.EndpointDocuments.DESCRIPTION;
import static com.keepintouch.notifier.webhook.EndpointDocuments.DISABLED_AT;
import static com.keepintouch.notifier.webhook.EndpointDocuments.DISABLED_DETAIL;
import static com.keepintouch.notifier.webhook.EndpointDocuments.DISABLED_REASON;
import static com.keepintouch.notifier.webhook.EndpointDocuments.ENABLED;
import static com.keepintouch.notifier.webhook.EndpointDocuments.EVENT_TYPES;
import static com.keepintouch.notifier.webhook.EndpointDocuments.FAILING_SINCE;
import static com.keepintouch.notifier.webhook.EndpointDocuments.ID;
import static com.keepintouch.notifier.webhook.EndpointDocuments.OWNER_ID;
import static com.keepintouch.notifier.webhook.EndpointDocuments.SECRETS;
import static com.keepintouch.notifier.webhook.EndpointDocuments.UPDATED_AT;
import static com.keepintouch.notifier.webhook.EndpointDocuments.URL;
import static com.keepintouch.notifier.webhook.EndpointDocuments.VERSION;
import static com.keepintouch.platform.system.StoredValues.date;

import com.keepintouch.notifier.domain.EndpointDisabled;
import com.keepintouch.notifier.domain.NotificationsTopic;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.system.CollectionIndexes;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The endpoints collection. Every change is a compare-and-set on {@code version}; disabling an
 * endpoint stages its {@code endpoint.disabled} event in the same write.
 */
@Component
class Endpoints {

    private final EndpointDocuments documents = new EndpointDocuments();
    private final MongoCollection<Document> collection;
    private final OutboxSource source;
    private final Outbox outbox;
    private final OutboxRelay relay;

    Endpoints(OutboxSource endpointsOutbox, Outbox outbox, OutboxRelay relay) {
        this.collection = endpointsOutbox.collection();
        // an owner's webhooks in id order
        CollectionIndexes.declare(
                collection, List.of(new IndexModel(Indexes.ascending(OWNER_ID, ID), new IndexOptions().name("owner"))));
        this.source = endpointsOutbox;
        this.outbox = outbox;
        this.relay = relay;
    }

    void insert(Endpoint endpoint) {
        collection.insertOne(documents.toDocument(endpoint));
    }

    Optional<Endpoint> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(ID, id)).first()).map(documents::fromDocument);
    }

    /** Every endpoint, for the cache: there are tens or hundreds, never millions. */
    List<Endpoint> all() {
        return collection.find().map(documents::fromDocument).into(new ArrayList<>());
    }

    /** The {@link PageRequest#fetchSize()} endpoints of a page, by id; {@code owner} empty for every owner's. */
    List<Endpoint> list(Optional<String> owner, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq(OWNER_ID, o)));
        page.after().ifPresent(after -> filters.add(Filters.gt(ID, after.id())));
        return collection
                .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.ascending(ID))
                .limit(page.fetchSize())
                .map(documents::fromDocument)
                .into(new ArrayList<>());
    }

    /**
     * Stores a person's change, {@code after}, if the endpoint is still at {@code before}'s version:
     * the fields that changed are set (enabling it again removes why it was disabled and its failing
     * streak), the version goes one up. The endpoint as stored then; empty if someone changed it meanwhile.
     */
    Optional<Endpoint> update(Endpoint before, Endpoint after) {
        List<Bson> changes = new ArrayList<>();
        Document was = documents.toDocument(before);
        Document now = documents.toDocument(after);
        for (String field : List.of(URL, DESCRIPTION, EVENT_TYPES, ENABLED, SECRETS, UPDATED_AT)) {
            if (!Objects.equals(was.get(field), now.get(field))) {
                changes.add(Updates.set(field, now.get(field)));
            }
        }
        if (after.enabled() && !before.enabled()) {
            // Enabled again by a person: also a failing streak another instance started meanwhile
            // goes (markFailing does not change the version).
            changes.add(Updates.unset(DISABLED_REASON));
            changes.add(Updates.unset(DISABLED_DETAIL));
            changes.add(Updates.unset(DISABLED_AT));
            changes.add(Updates.unset(FAILING_SINCE));
        } else if (!Objects.equals(health(before), health(after))) {
            throw new IllegalArgumentException("an endpoint's health is kept by markFailing, markHealthy and disable");
        }
        changes.add(Updates.inc(VERSION, 1L));
        long matched = collection
                .updateOne(
                        Filters.and(Filters.eq(ID, before.id()), Filters.eq(VERSION, before.version())),
                        Updates.combine(changes))
                .getMatchedCount();
        return matched == 1 ? find(before.id()) : Optional.empty();
    }

    private static List<Object> health(Endpoint e) {
        return Arrays.asList(e.disabledReason(), e.disabledDetail(), e.disabledAt(), e.failingSince());
    }

    boolean delete(String id) {
        return collection.deleteOne(Filters.eq(ID, id)).getDeletedCount() == 1;
    }

    /** Records the first failure after a success; later failures keep the first instant. */
    void markFailing(String id, Instant since) {
        collection.updateOne(
                Filters.and(Filters.eq(ID, id), Filters.eq(FAILING_SINCE, null)),
                Updates.set(FAILING_SINCE, date(since)));
    }

    /** A success ends a failing streak. */
    void markHealthy(String id) {
        collection.updateOne(
                Filters.and(Filters.eq(ID, id), Filters.ne(FAILING_SINCE, null)), Updates.unset(FAILING_SINCE));
    }

    /**
     * Disables an enabled endpoint and stages {@code endpoint.disabled}; false if it was disabled
     * already (by another instance, or its owner), so the event leaves once.
     */
    boolean disable(Endpoint endpoint, String reason, String detail, Instant now) {
        EndpointDisabled data = new EndpointDisabled(
                endpoint.id(), endpoint.ownerId(), endpoint.url().toString(), reason, detail, now);
        Optional<Endpoint> current = find(endpoint.id());
        if (current.isEmpty() || !current.get().enabled()) {
            return false;
        }
        long version = current.get().version();
        StagedEvent event = outbox.event(
                NotificationsTopic.NAME, EndpointDisabled.TYPE, endpoint.id(), endpoint.ownerId(), version + 1, data);
        long matched = collection
                .updateOne(
                        Filters.and(
                                Filters.eq(ID, endpoint.id()), Filters.eq(VERSION, version), Filters.eq(ENABLED, true)),
                        Updates.combine(
                                Updates.set(ENABLED, false),
                                Updates.set(DISABLED_REASON, reason),
                                Updates.set(DISABLED_DETAIL, detail),
                                Updates.set(DISABLED_AT, date(now)),
                                Updates.set(UPDATED_AT, date(now)),
                                Updates.inc(VERSION, 1L),
                                outbox.append(event)))
                .getMatchedCount();
        if (matched == 1) {
            relay.enqueue(source, endpoint.id());
            return true;
        }
        return false;
    }
}
