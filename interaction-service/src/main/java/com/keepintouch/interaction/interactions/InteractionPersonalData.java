package com.keepintouch.interaction.interactions;

import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;

/**
 * What the interactions of one person hold about them: read for an export, and anonymised for good
 * when the person is erased (type, direction and times stay, for counts; nothing identifying).
 */
@Component
public class InteractionPersonalData {

    /** Interactions read or anonymised per query: bounded writes and reads, whatever the contact's history. */
    static final int BATCH = 500;

    private final Interactions interactions;

    InteractionPersonalData(Interactions interactions) {
        this.interactions = interactions;
    }

    /**
     * Anonymises every interaction of the contact (deleted ones too) in batches, giving their
     * externalIds up; again after a crash, it continues where it stopped. Returns how many of the
     * contact's interactions are anonymised in all.
     */
    public long anonymise(String ownerId, String contactId) {
        while (interactions.anonymise(ownerId, contactId, BATCH) > 0) {
            // the next batch: what is anonymised is no longer found
        }
        return interactions.countAnonymised(ownerId, contactId);
    }

    /**
     * Hands every interaction of the contact that is not anonymised, newest first, to {@code each}
     * with whether it was deleted (a deleted one is still held, so it is still the person's data).
     */
    public void forEach(String ownerId, String contactId, BiConsumer<InteractionResponse, Boolean> each) {
        interactions.forEachOf(ownerId, contactId, BATCH, i -> each.accept(InteractionResponse.of(i), i.deleted()));
    }
}
