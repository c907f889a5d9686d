package com.keepintouch.interaction.interactions;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.CapturedInteractions;
import com.keepintouch.interaction.capture.InReplyTo;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.interaction.interactions.domain.InteractionRules;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.outbox.Outbox.StagedEvent;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.personal.PersonErasedException;
import com.keepintouch.platform.security.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records and deletes touchpoints of the caller's contacts, each with its event in the same write;
 * captured touches ({@link CapturedInteractions}) are recorded by the same code.
 */
@Service
class InteractionManagement implements CapturedInteractions {

    private static final Logger log = LoggerFactory.getLogger(InteractionManagement.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Claims of one externalId a record makes while its holder vanishes under it (deleted, erased). */
    private static final int CLAIM_ATTEMPTS = 3;

    private final Interactions interactions;
    private final InteractionEvents events;
    private final ContactDirectory contacts;
    private final InteractionPersonalData personalData;
    private final Clock clock;

    InteractionManagement(
            Interactions interactions,
            InteractionEvents events,
            ContactDirectory contacts,
            InteractionPersonalData personalData,
            Clock clock) {
        this.interactions = interactions;
        this.events = events;
        this.contacts = contacts;
        this.personalData = personalData;
        this.clock = clock;
    }

    /** The outcome of recording: the interaction, and whether it is new or the first one of its externalId. */
    record Stored(Interaction interaction, boolean created) {}

    /** Records a touchpoint posted through the API: the caller's token finds the contact and proves the owner. */
    Stored record(Caller caller, String bearerToken, InteractionDraft request) {
        Instant now = clock.instant();
        InteractionDraft draft = checked(request, now);
        KnownContact contact = contacts.find(draft.contactId(), bearerToken)
                .filter(c -> caller.mayAccess(c.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Contact", draft.contactId()));
        if (!caller.mayAccess(contact.ownerId())) {
            throw RequestRefused.forbidden("Contact " + draft.contactId()
                    + " is another owner's: you may read its interactions but not record any");
        }
        return store(contact, draft, CaptureSource.API, null, now);
    }

    @Override
    public CapturedInteractions.Recorded record(
            KnownContact contact, InteractionDraft request, CaptureSource source, InReplyTo inReplyTo) {
        Instant now = clock.instant();
        InteractionDraft draft = checked(request, now);
        if (contact.deleted() || !contact.contactId().equals(draft.contactId())) {
            throw RequestRefused.notFound("Contact", draft.contactId());
        }
        Stored stored = store(contact, draft, source, inReplyTo, now);
        return new CapturedInteractions.Recorded(stored.interaction().id(), stored.created());
    }

    @Override
    public List<Result> recordAll(List<Touch> touches) {
        Instant now = clock.instant();
        Result[] results = new Result[touches.size()];
        Map<String, Integer> firstOfKey = new HashMap<>();
        Map<Integer, Integer> sameAs = new LinkedHashMap<>();
        Map<String, Integer> positionOf = new HashMap<>();
        List<Interaction> built = new ArrayList<>();
        for (int i = 0; i < touches.size(); i++) {
            Touch touch = touches.get(i);
            KnownContact contact = touch.contact();
            InteractionDraft draft;
            try {
                draft = checked(touch.draft(), now);
                if (contact.deleted() || !contact.contactId().equals(draft.contactId())) {
                    throw RequestRefused.notFound("Contact", draft.contactId());
                }
            } catch (RequestRefused refused) {
                results[i] = new Result(null, refused);
                continue;
            }
            if (draft.externalId() != null) {
                Integer first = firstOfKey.putIfAbsent(contact.ownerId() + "\n" + draft.externalId(), i);
                if (first != null) {
                    sameAs.put(i, first);
                    continue;
                }
            }
            Interaction interaction = newInteraction(contact, draft, touch.source(), touch.inReplyTo(), now);
            built.add(interaction);
            positionOf.put(interaction.id(), i);
        }
        Set<String> held = interactions.claimExternalIds(
                built.stream().filter(i -> i.externalId() != null).toList());
        List<Interaction> storing = new ArrayList<>();
        for (Interaction interaction : built) {
            if (held.contains(interaction.id())) {
                results[positionOf.get(interaction.id())] = knownHolder(interaction);
            } else {
                storing.add(interaction);
            }
        }
        Set<String> fenced = storeAll(storing);
        Set<String> erasedMeanwhile = erasedMeanwhile(storing.stream()
                .filter(i -> !fenced.contains(i.id()))
                .map(i -> Map.entry(i.contactId(), i.ownerId()))
                .distinct()
                .toList());
        for (Interaction interaction : storing) {
            results[positionOf.get(interaction.id())] = fenced.contains(interaction.id())
                    ? knownHolder(interaction)
                    : erasedMeanwhile.contains(interaction.contactId())
                            ? new Result(null, RequestRefused.notFound("Contact", interaction.contactId()))
                            : new Result(new CapturedInteractions.Recorded(interaction.id(), true), null);
        }
        sameAs.forEach((i, first) -> {
            Result result = results[first];
            results[i] = result.refused() != null
                    ? result
                    : new Result(
                            new CapturedInteractions.Recorded(result.recorded().interactionId(), false), null);
        });
        log.debug("Interactions recorded touches={} stored={}", touches.size(), storing.size() - fenced.size());
        return Arrays.asList(results);
    }

    /**
     * The contacts among {@code stored} (contact id, owner) that the projection says were erased
     * after they were looked up, their interactions (the ones just stored too) anonymised as the
     * erasure anonymises them. Closes the race of an insert that lands after {@code ContactErasure}
     * anonymised the contact's interactions: sealed under a key still cached here, it would otherwise
     * keep its summary, listed, after the erasure was confirmed. The erasure tombstones the
     * projection before it anonymises, so either it finds this interaction or this finds the tombstone.
     */
    private Set<String> erasedMeanwhile(List<Map.Entry<String, String>> stored) {
        Set<String> erased = new HashSet<>();
        for (Map.Entry<String, String> contact : stored) {
            if (contacts.erased(contact.getKey())) {
                long anonymised = personalData.anonymise(contact.getValue(), contact.getKey());
                erased.add(contact.getKey());
                log.info(
                        "Interaction stored as its contact was erased, anonymised contactId={} interactions={}",
                        contact.getKey(),
                        anonymised);
            }
        }
        return erased;
    }

    /** Inserts these claimed interactions with their events; returns the ids fenced meanwhile. On failure, gives their claims up. */
    private Set<String> storeAll(List<Interaction> storing) {
        if (storing.isEmpty()) {
            return Set.of();
        }
        try {
            Map<String, Integer> perContact = new LinkedHashMap<>();
            storing.forEach(i -> perContact.merge(i.contactId(), 1, Integer::sum));
            Map<String, Long> nextOf = new HashMap<>();
            perContact.forEach((contactId, count) ->
                    nextOf.put(contactId, interactions.nextSequences(contactId, count) - count + 1));
            List<StagedEvent> staged = new ArrayList<>(storing.size());
            for (Interaction interaction : storing) {
                long sequence = nextOf.merge(interaction.contactId(), 1L, Long::sum) - 1;
                staged.add(events.recorded(interaction, sequence));
            }
            return interactions.insertAll(storing, staged);
        } catch (RuntimeException e) {
            for (Interaction interaction : storing) {
                if (interaction.externalId() != null) {
                    interactions.releaseExternalId(interaction.ownerId(), interaction.externalId(), interaction.id());
                }
            }
            throw e;
        }
    }

    /** The interaction that holds the externalId {@code interaction} could not take, as recording it again finds it. */
    private Result knownHolder(Interaction interaction) {
        return interactions
                .externalIdHolder(interaction.ownerId(), interaction.externalId())
                .flatMap(interactions::find)
                .map(first -> new Result(new CapturedInteractions.Recorded(first.id(), false), null))
                .orElseGet(() -> new Result(
                        null,
                        RequestRefused.conflict(
                                "An interaction with this externalId was being recorded at the same moment; try again",
                                Map.of("externalId", interaction.externalId()))));
    }

    @Override
    public Optional<InReplyTo> outboundHolding(String ownerId, String externalId) {
        return interactions
                .externalIdHolder(ownerId, externalId)
                .flatMap(interactions::find)
                .filter(i -> i.ownerId().equals(ownerId) && i.direction() == Direction.OUTBOUND)
                .map(i -> new InReplyTo(i.id(), i.occurredAt()));
    }

    /** The draft with its defaults filled, or the rules it breaks as a 400. */
    private static InteractionDraft checked(InteractionDraft request, Instant now) {
        InteractionDraft draft = InteractionRules.normalize(request, now);
        List<Violation> violations = InteractionRules.check(draft, now);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return draft;
    }

    /**
     * The one way an interaction is stored, whichever way it arrived: its externalId claimed for the
     * owner (the first holder wins, a second record returns it), then inserted with its event; an
     * insert fenced by a concurrent record of the same externalId returns that record's interaction.
     */
    private Stored store(
            KnownContact contact, InteractionDraft draft, CaptureSource source, InReplyTo inReplyTo, Instant now) {
        Interaction interaction = newInteraction(contact, draft, source, inReplyTo, now);
        if (draft.externalId() != null) {
            Optional<Interaction> first = firstHolder(contact.ownerId(), draft.externalId(), interaction.id());
            if (first.isPresent()) {
                return new Stored(first.get(), false);
            }
        }
        boolean stored;
        try {
            stored = interactions.insert(
                    interaction, events.recorded(interaction, interactions.nextSequence(contact.contactId())));
        } catch (PersonErasedException e) {
            // erased while this request was on its way: as if it had never existed
            if (draft.externalId() != null) {
                interactions.releaseExternalId(contact.ownerId(), draft.externalId(), interaction.id());
            }
            throw RequestRefused.notFound("Contact", contact.contactId());
        } catch (RuntimeException e) {
            if (draft.externalId() != null) {
                interactions.releaseExternalId(contact.ownerId(), draft.externalId(), interaction.id());
            }
            throw e;
        }
        if (!stored) {
            // Another record of this externalId (another request or instance) fenced this one: it is the first.
            return interactions
                    .externalIdHolder(contact.ownerId(), draft.externalId())
                    .flatMap(interactions::find)
                    .map(first -> new Stored(first, false))
                    .orElseThrow(() -> RequestRefused.conflict(
                            "An interaction with this externalId was being recorded at the same moment; try again",
                            Map.of("externalId", draft.externalId())));
        }
        if (!erasedMeanwhile(List.of(Map.entry(contact.contactId(), contact.ownerId())))
                .isEmpty()) {
            throw RequestRefused.notFound("Contact", contact.contactId());
        }
        log.debug(
                "Interaction recorded interactionId={} contactId={} type={} source={}",
                interaction.id(),
                contact.contactId(),
                draft.type(),
                source);
        return new Stored(interaction, true);
    }

    /**
     * Claims {@code externalId} for {@code interactionId}: empty once it is this one's, else the live
     * interaction that holds it. A holder gone between the claim and its read (deleted or erased
     * meanwhile) no longer keeps the claim, so it is claimed again; one that keeps vanishing is a 409.
     */
    private Optional<Interaction> firstHolder(String ownerId, String externalId, String interactionId) {
        for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
            Optional<String> holder = interactions.claimExternalId(ownerId, externalId, interactionId);
            if (holder.isEmpty()) {
                return Optional.empty();
            }
            Optional<Interaction> first = interactions.find(holder.get());
            if (first.isPresent()) {
                return first;
            }
        }
        throw RequestRefused.conflict(
                "An interaction with this externalId was being recorded at the same moment; try again",
                Map.of("externalId", externalId));
    }

    Interaction get(Caller caller, String id) {
        return interactions
                .find(id)
                .filter(i -> caller.mayAccess(i.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Interaction", id));
    }

    /** The {@link PageRequest#fetchSize()} interactions of a page, newest first. */
    List<Interaction> search(InteractionQuery query, PageRequest page) {
        query.contactId().filter(contacts::erased).ifPresent(erased -> {
            throw RequestRefused.notFound("Contact", erased);
        });
        return interactions.search(query, page);
    }

    /** Soft delete; interaction.deleted lets the reminder service recompute as if it never happened. */
    void delete(Caller caller, String id) {
        Interaction interaction = interactions
                .find(id)
                .filter(i -> caller.mayAccess(i.ownerId()) || caller.readsAllOwners())
                .orElseThrow(() -> RequestRefused.notFound("Interaction", id));
        if (!caller.mayAccess(interaction.ownerId())) {
            throw RequestRefused.forbidden(
                    "You may read interaction " + id + " but not delete it: it is another owner's");
        }
        long sequence = interactions.nextSequence(interaction.contactId());
        if (!interactions.markDeleted(interaction, events.deleted(interaction, sequence, clock.instant()))) {
            throw RequestRefused.notFound("Interaction", id);
        }
        log.info("Interaction deleted interactionId={} contactId={}", id, interaction.contactId());
    }

    /** A new, live interaction of {@code contact} as {@code draft} describes it, recorded {@code now}. */
    private Interaction newInteraction(
            KnownContact contact, InteractionDraft draft, CaptureSource source, InReplyTo inReplyTo, Instant now) {
        return new Interaction(
                nextId(),
                contact.ownerId(),
                contact.contactId(),
                draft.type(),
                draft.direction(),
                draft.occurredAt(),
                draft.summary(),
                draft.externalId(),
                now,
                false,
                source,
                inReplyTo,
                draft.shareableId(),
                draft.url());
    }

    /** Time-ordered ids ({@code i_} + epoch millis + random), so ties in occurredAt page stably. */
    private String nextId() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "i_" + String.format("%012x", clock.millis()) + HexFormat.of().formatHex(random);
    }

    private static RequestRefused invalid(List<Violation> violations) {
        return RequestRefused.invalid(violations);
    }
}
