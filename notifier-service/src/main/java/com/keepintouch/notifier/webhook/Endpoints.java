package com.keepintouch.notifier.webhook;

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
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The endpoints collection. Every change is a compare-and-set on {@code version}; disabling an
 * endpoint stages its {@code endpoint.disabled} event in the same write.
 */
@Component
class Endpoints {

    private final MongoCollection<Document> collection;
    private final OutboxSource source;
    private final Outbox outbox;
    private final OutboxRelay relay;

    Endpoints(OutboxSource endpointsOutbox, Outbox outbox, OutboxRelay relay) {
        this.collection = endpointsOutbox.collection();
        // an owner's webhooks in id order
        CollectionIndexes.declare(
                collection,
                List.of(new IndexModel(Indexes.ascending("ownerId", "_id"), new IndexOptions().name("owner"))));
        this.source = endpointsOutbox;
        this.outbox = outbox;
        this.relay = relay;
    }

    void insert(Endpoint endpoint) {
        collection.insertOne(toDocument(endpoint));
    }

    Optional<Endpoint> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first())
                .map(Endpoints::fromDocument);
    }

    /** Every endpoint, for the cache: there are tens or hundreds, never millions. */
    List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>();
        for (Document document : collection.find()) {
            all.add(fromDocument(document));
        }
        return all;
    }

    /** The {@link PageRequest#fetchSize()} endpoints of a page, by id; {@code owner} empty for every owner's. */
    List<Endpoint> list(Optional<String> owner, PageRequest page) {
        List<Bson> filters = new ArrayList<>();
        owner.ifPresent(o -> filters.add(Filters.eq("ownerId", o)));
        page.after().ifPresent(after -> filters.add(Filters.gt("_id", after.id())));
        List<Endpoint> found = new ArrayList<>();
        for (Document document : collection
                .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.ascending("_id"))
                .limit(page.fetchSize())) {
            found.add(fromDocument(document));
        }
        return found;
    }

    /**
     * Stores a person's change, {@code after}, if the endpoint is still at {@code before}'s version:
     * the fields that changed are set (enabling it again removes why it was disabled and its failing
     * streak), the version goes one up. The endpoint as stored then; empty if someone changed it meanwhile.
     */
    Optional<Endpoint> update(Endpoint before, Endpoint after) {
        List<Bson> changes = new ArrayList<>();
        Document was = toDocument(before);
        Document now = toDocument(after);
        for (String field : List.of("url", "description", "eventTypes", "enabled", "secrets", "updatedAt")) {
            if (!Objects.equals(was.get(field), now.get(field))) {
                changes.add(Updates.set(field, now.get(field)));
            }
        }
        if (after.enabled() && !before.enabled()) {
            // Enabled again by a person: also a failing streak another instance started meanwhile
            // goes (markFailing does not change the version).
            changes.add(Updates.unset("disabledReason"));
            changes.add(Updates.unset("disabledDetail"));
            changes.add(Updates.unset("disabledAt"));
            changes.add(Updates.unset("failingSince"));
        } else if (!Objects.equals(health(before), health(after))) {
            throw new IllegalArgumentException("an endpoint's health is kept by markFailing, markHealthy and disable");
        }
        changes.add(Updates.inc("version", 1L));
        long matched = collection
                .updateOne(
                        Filters.and(Filters.eq("_id", before.id()), Filters.eq("version", before.version())),
                        Updates.combine(changes))
                .getMatchedCount();
        return matched == 1 ? find(before.id()) : Optional.empty();
    }

    private static List<Object> health(Endpoint e) {
        return java.util.Arrays.asList(e.disabledReason(), e.disabledDetail(), e.disabledAt(), e.failingSince());
    }

    boolean delete(String id) {
        return collection.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
    }

    /** Records the first failure after a success; later failures keep the first instant. */
    void markFailing(String id, Instant since) {
        collection.updateOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("failingSince", null)),
                Updates.set("failingSince", Date.from(since)));
    }

    /** A success ends a failing streak. */
    void markHealthy(String id) {
        collection.updateOne(
                Filters.and(Filters.eq("_id", id), Filters.ne("failingSince", null)), Updates.unset("failingSince"));
    }

    /**
     * Disables an enabled endpoint and stages {@code endpoint.disabled}; false if it was disabled
     * already (by another instance, or its owner), so the event leaves once.
     */
    boolean disable(Endpoint endpoint, String reason, String detail, Instant now) {
        EndpointDisabled data = new EndpointDisabled(
                endpoint.id(), endpoint.ownerId(), endpoint.url().toString(), reason, detail, now);
        Document current = collection.find(Filters.eq("_id", endpoint.id())).first();
        if (current == null || !current.getBoolean("enabled", false)) {
            return false;
        }
        long version = current.getLong("version");
        StagedEvent event = outbox.event(
                NotificationsTopic.NAME, EndpointDisabled.TYPE, endpoint.id(), endpoint.ownerId(), version + 1, data);
        long matched = collection
                .updateOne(
                        Filters.and(
                                Filters.eq("_id", endpoint.id()),
                                Filters.eq("version", version),
                                Filters.eq("enabled", true)),
                        Updates.combine(
                                Updates.set("enabled", false),
                                Updates.set("disabledReason", reason),
                                Updates.set("disabledDetail", detail),
                                Updates.set("disabledAt", Date.from(now)),
                                Updates.set("updatedAt", Date.from(now)),
                                Updates.inc("version", 1L),
                                outbox.append(event)))
                .getMatchedCount();
        if (matched == 1) {
            relay.enqueue(source, endpoint.id());
            return true;
        }
        return false;
    }

    static Document toDocument(Endpoint endpoint) {
        return new Document("_id", endpoint.id())
                .append("ownerId", endpoint.ownerId())
                .append("firmWide", endpoint.firmWide())
                .append("url", endpoint.url().toString())
                .append("description", endpoint.description())
                .append("eventTypes", List.copyOf(endpoint.eventTypes()))
                .append("enabled", endpoint.enabled())
                .append(
                        "secrets",
                        endpoint.secrets().stream().map(Endpoints::secret).toList())
                .append("createdAt", Date.from(endpoint.createdAt()))
                .append("updatedAt", Date.from(endpoint.updatedAt()))
                .append("version", endpoint.version());
    }

    private static Document secret(Endpoint.Secret secret) {
        return new Document("sealed", secret.sealed())
                .append("createdAt", Date.from(secret.createdAt()))
                .append("expiresAt", secret.expiresAt() == null ? null : Date.from(secret.expiresAt()));
    }

    static Endpoint fromDocument(Document d) {
        List<Endpoint.Secret> secrets = d.getList("secrets", Document.class, List.of()).stream()
                .map(s -> new Endpoint.Secret(
                        s.getString("sealed"), instant(s.getDate("createdAt")), instant(s.getDate("expiresAt"))))
                .toList();
        return new Endpoint(
                d.getString("_id"),
                d.getString("ownerId"),
                d.getBoolean("firmWide", false),
                URI.create(d.getString("url")),
                d.getString("description"),
                Set.copyOf(d.getList("eventTypes", String.class, List.of())),
                d.getBoolean("enabled", false),
                d.getString("disabledReason"),
                d.getString("disabledDetail"),
                instant(d.getDate("disabledAt")),
                instant(d.getDate("failingSince")),
                secrets,
                instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")),
                ((Number) d.get("version")).longValue());
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
