package com.keepintouch.notifier.delivery;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.enumValue;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.integer;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.name;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;

import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.Delivery.Attempt;
import com.keepintouch.notifier.domain.Delivery.Channel;
import com.keepintouch.notifier.domain.Delivery.Status;
import com.keepintouch.notifier.domain.Destination;
import com.keepintouch.notifier.domain.EmailDestination;
import com.keepintouch.notifier.domain.WebhookDestination;
import com.keepintouch.platform.system.DocumentMapper;
import java.util.List;
import org.bson.Document;

/**
 * A delivery as a document of the {@code deliveries} collection; the field names the queries and
 * updates use too. Every delivery has {@code endpointId} and {@code messageId} (null for an email);
 * an email's rendering is the sub-document {@code email}, whose subject and parts are removed by an
 * erasure or the retention sweep ({@code bodyAt} goes with them). What only an attempt decides (the last
 * response and error, when it was delivered or failed) is set by {@link Deliveries}' updates and so
 * is in a document only once it has a value.
 */
final class DeliveryDocuments implements DocumentMapper<Delivery> {

    static final String ID = "_id";
    static final String CHANNEL = "channel";
    static final String ENDPOINT_ID = "endpointId";
    static final String OWNER_ID = "ownerId";
    static final String CONTACT_ID = "contactId";
    static final String MESSAGE_ID = "messageId";
    static final String EVENT_ID = "eventId";
    static final String EVENT_TYPE = "eventType";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String ROUND = "round";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String RESPONSE_STATUS = "responseStatus";
    static final String LAST_ERROR = "lastError";
    static final String CREATED_AT = "createdAt";
    static final String DELIVERED_AT = "deliveredAt";
    static final String FAILED_AT = "failedAt";
    static final String LOG = "log";
    static final String VERSION = "version";
    static final String ETAG = "etag";
    static final String EMAIL = "email";
    /** The contacts a digest lists (multikey, only in digests), so an erasure finds the digests that name one. */
    static final String MENTIONS = "mentions";
    /**
     * When the stored body dates from; present only while an email's body is stored (a sparse
     * index on it is what the retention sweep reads), removed with the body.
     */
    static final String BODY_AT = "bodyAt";
    /** When, and why ({@code ERASURE} or {@code RETENTION}), a body was removed. */
    static final String BODY_REMOVED_AT = "bodyRemovedAt";

    static final String BODY_REMOVED_BY = "bodyRemovedBy";
    /** When a pending delivery was cancelled (its contact was erased). */
    static final String CANCELLED_AT = "cancelledAt";

    // the fields of an attempt in the log
    static final String AT = "at";
    static final String LATENCY_MS = "latencyMs";
    static final String STATUS_CODE = "statusCode";
    static final String ERROR = "error";

    // the fields of an email
    static final String TO = "to";
    static final String SUBJECT = "subject";
    static final String TEXT = "text";
    static final String HTML = "html";
    static final String MESSAGE_ID_HEADER = "messageIdHeader";

    @Override
    public Document toDocument(Delivery d) {
        Document document = new Document(ID, d.id())
                .append(CHANNEL, name(d.channel()))
                .append(ENDPOINT_ID, d.endpointId().orElse(null))
                .append(OWNER_ID, d.ownerId())
                .append(CONTACT_ID, d.contactId())
                .append(MESSAGE_ID, d.messageId().orElse(null))
                .append(EVENT_ID, d.eventId())
                .append(EVENT_TYPE, d.eventType())
                .append(STATUS, name(d.status()))
                .append(ATTEMPTS, d.attempts())
                .append(ROUND, d.round())
                .append(NEXT_ATTEMPT_AT, date(d.nextAttemptAt()))
                .append(LEASE_UNTIL, date(d.leaseUntil()))
                .append(CREATED_AT, date(d.createdAt()))
                .append(
                        LOG,
                        d.log().stream().map(DeliveryDocuments::attemptDocument).toList())
                .append(VERSION, d.version())
                .append(ETAG, d.etag());
        putIfPresent(document, RESPONSE_STATUS, d.responseStatus());
        putIfPresent(document, LAST_ERROR, d.lastError());
        putIfPresent(document, DELIVERED_AT, date(d.deliveredAt()));
        putIfPresent(document, FAILED_AT, date(d.failedAt()));
        if (d.destination() instanceof EmailDestination email) {
            document.append(
                    EMAIL,
                    new Document(TO, email.to())
                            .append(SUBJECT, email.subject())
                            .append(TEXT, email.text())
                            .append(HTML, email.html())
                            .append(MESSAGE_ID_HEADER, email.messageIdHeader()));
            document.append(BODY_AT, date(d.createdAt()));
            if (!email.mentions().isEmpty()) {
                document.append(MENTIONS, email.mentions());
            }
        }
        return document;
    }

    @Override
    public Delivery fromDocument(Document d) {
        return new Delivery(
                d.getString(ID),
                destination(d),
                d.getString(OWNER_ID),
                d.getString(CONTACT_ID),
                d.getString(EVENT_ID),
                d.getString(EVENT_TYPE),
                enumValue(d, STATUS, Status.class),
                integer(d, ATTEMPTS),
                Math.toIntExact(longValue(d, ROUND)), // 0 in a document written before retries by hand
                instant(d, NEXT_ATTEMPT_AT),
                instant(d, LEASE_UNTIL),
                integer(d, RESPONSE_STATUS),
                d.getString(LAST_ERROR),
                instant(d, CREATED_AT),
                instant(d, DELIVERED_AT),
                instant(d, FAILED_AT),
                d.getList(LOG, Document.class, List.of()).stream()
                        .map(DeliveryDocuments::attempt)
                        .toList(),
                longValue(d, VERSION),
                d.getString(ETAG));
    }

    /** One attempt as an entry of the log, which {@link Deliveries#record} pushes to. */
    static Document attemptDocument(Attempt attempt) {
        return new Document(AT, date(attempt.at()))
                .append(LATENCY_MS, attempt.latencyMs())
                .append(STATUS_CODE, attempt.statusCode())
                .append(ERROR, attempt.error());
    }

    private static Attempt attempt(Document a) {
        return new Attempt(instant(a, AT), longValue(a, LATENCY_MS), integer(a, STATUS_CODE), a.getString(ERROR));
    }

    /** The channel's own fields: the endpoint and message of a webhook, the rendered email. */
    private static Destination destination(Document d) {
        if (enumValue(d, CHANNEL, Channel.class) == Channel.WEBHOOK) {
            return new WebhookDestination(d.getString(ENDPOINT_ID), d.getString(MESSAGE_ID));
        }
        Document email = d.get(EMAIL, Document.class);
        return new EmailDestination(
                email.getString(TO),
                email.getString(SUBJECT),
                email.getString(TEXT),
                email.getString(HTML),
                email.getString(MESSAGE_ID_HEADER),
                d.getList(MENTIONS, String.class, List.of()));
    }
}
