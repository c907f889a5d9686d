package com.keepintouch.platform.outbox;

import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.platform.system.StoredValues;
import com.keepintouch.platform.tracing.TraceContexts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stages events inside the update of the aggregate that causes them.
 *
 * <p>A service builds its aggregate update and combines it with {@link #append}; one
 * {@code updateOne} then stores the state change and its events atomically. The
 * {@link OutboxRelay} publishes them.
 *
 * <p>Each event keeps the trace context it was staged in ({@code traceparent}), so the relay,
 * on its own thread and perhaps in another instance, publishes it as part of the same trace.
 */
public class Outbox {

    /** Array of the events not yet acknowledged by Kafka, in the order they must be published. */
    public static final String PENDING_EVENTS = "pendingEvents";

    /** Ids of the pending events; sparse-indexed so the relay's full scan costs what is pending (on MongoDB). */
    public static final String PENDING_EVENT_IDS = PENDING_EVENTS + ".id";

    /** When the oldest pending event was staged: a hint for the outbox lag metric, not used for correctness. */
    public static final String PENDING_SINCE = "outboxPendingSince";

    private final String source;
    private final JsonMapper eventMapper;
    private final Clock clock;
    private final TraceContexts traces;
    private final PersonalData personalData;

    /** An outbox that seals the personal fields of the events it stages ({@link PersonalData}). */
    public Outbox(String source, JsonMapper eventMapper, Clock clock, TraceContexts traces, PersonalData personalData) {
        this.source = source;
        this.eventMapper = eventMapper;
        this.clock = clock;
        this.traces = traces;
        this.personalData = personalData;
    }

    /** An outbox that stages events as they are, personal fields in the clear (tests, tools). */
    public Outbox(String source, JsonMapper eventMapper, Clock clock, TraceContexts traces) {
        this(source, eventMapper, clock, traces, null);
    }

    /** An outbox whose events carry no trace context (tests, tools). */
    public Outbox(String source, JsonMapper eventMapper, Clock clock) {
        this(source, eventMapper, clock, TraceContexts.NONE);
    }

    /**
     * A new event of this service, ready to stage, in the trace of the span in scope; {@code
     * subject} is also the Kafka key. The personal fields of {@code data} are sealed under the key
     * of the contact {@code subject} names.
     *
     * @throws com.keepintouch.platform.personal.PersonErasedException if that contact was erased
     */
    public StagedEvent event(String topic, String type, String subject, String ownerId, long sequence, Object data) {
        Object payload = personalData != null && personalData.carriesPersonalData(type)
                ? personalData.seal(type, subject, eventMapper.valueToTree(data))
                : data;
        EventEnvelope envelope = new EventEnvelope(
                "1.0",
                UUID.randomUUID().toString(),
                source,
                type,
                subject,
                clock.instant(),
                ownerId,
                sequence,
                "application/json",
                payload);
        return new StagedEvent(
                envelope.id(),
                topic,
                subject,
                type,
                sequence,
                eventMapper.writeValueAsString(envelope),
                traces.current());
    }

    /** The update that appends {@code events} to an aggregate document's outbox. */
    public Bson append(List<StagedEvent> events) {
        Instant now = clock.instant();
        return Updates.combine(
                Updates.pushEach(
                        PENDING_EVENTS,
                        events.stream()
                                .map(StagedEventDocuments.MAPPER::toDocument)
                                .toList()),
                Updates.min(PENDING_SINCE, StoredValues.date(now)));
    }

    public Bson append(StagedEvent event) {
        return append(List.of(event));
    }

    /** A new aggregate document carrying {@code events}, for an {@code insertOne}/{@code insertMany}. */
    public Document withEvents(Document aggregate, List<StagedEvent> events) {
        return aggregate
                .append(
                        PENDING_EVENTS,
                        events.stream()
                                .map(StagedEventDocuments.MAPPER::toDocument)
                                .toList())
                .append(PENDING_SINCE, StoredValues.date(clock.instant()));
    }

    /**
     * An event serialized and waiting in an aggregate document for the relay.
     *
     * @param traceparent the W3C trace context it was staged in; null when there was none (and in
     *     documents staged before events kept it)
     */
    public record StagedEvent(
            String id, String topic, String key, String type, long sequence, String payload, String traceparent) {

        /** This event as part of the trace of {@code cause} (an event read in a batch), when known. */
        public StagedEvent causedBy(String cause) {
            return cause == null ? this : new StagedEvent(id, topic, key, type, sequence, payload, cause);
        }
    }
}
