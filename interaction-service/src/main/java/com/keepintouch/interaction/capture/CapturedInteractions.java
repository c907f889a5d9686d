package com.keepintouch.interaction.capture;

import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
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
