package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.platform.domain.RequestRefused;
import java.util.List;
import java.util.Optional;

/**
 * The recording path of captured touches: the same storage, externalId claim and event as the
 * interactions API, but for an owner proven by the capture itself (a mailbox, a capture address, a
 * calendar) instead of a bearer token. Implemented by the interactions package, so recording has one
 * implementation whichever way a touch arrives.
 */
public interface CapturedInteractions {

    /**
     * Records one touch of {@code contact} for its owner, idempotent by {@code draft.externalId()}
     * within that owner: recording it again returns the interaction already stored, {@code created}
     * false, never a second one.
     *
     * @param contact a live contact, as {@code ContactDirectory} found it; it names the owner
     * @param draft the touch; its contactId must be the contact's. Missing direction and occurredAt
     *     take the API's defaults; a draft that breaks the interaction rules is refused
     *     ({@code RequestRefused}, as the API refuses it)
     * @param source how it was captured
     * @param inReplyTo the outbound interaction it answers; null when none
     */
    Recorded record(KnownContact contact, InteractionDraft draft, CaptureSource source, InReplyTo inReplyTo);

    /**
     * Records many touches as {@link #record} records each, in order, with one write for their
     * externalId claims, one for the interactions and their events, and one sequence update per
     * contact. A touch whose externalId an earlier touch of the same call holds is that one's,
     * {@code created} false, as recording them one after the other gives.
     *
     * @return one result per touch, in order; a touch the rules refuse is given as its refusal
     */
    List<Result> recordAll(List<Touch> touches);

    /** One touch for {@link #recordAll}: the arguments of {@link #record}. */
    record Touch(KnownContact contact, InteractionDraft draft, CaptureSource source, InReplyTo inReplyTo) {}

    /**
     * What recording one touch of {@link #recordAll} did: what {@link #record} returns for it, or
     * what it throws.
     */
    record Result(Recorded recorded, RequestRefused refused) {}

    /**
     * The owner's live OUTBOUND interaction that holds {@code externalId}, as what a reply to it
     * answers; empty when none holds it, or the holder is inbound or deleted.
     */
    Optional<InReplyTo> outboundHolding(String ownerId, String externalId);

    /**
     * What recording did.
     *
     * @param interactionId the interaction that holds the touch now
     * @param created whether it was stored now (false: it was recorded before)
     */
    record Recorded(String interactionId, boolean created) {}
}
