package com.keepintouch.notifier.email;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.delivery.ContactDeliveries;
import com.keepintouch.notifier.delivery.DeliveryFanOut;
import com.keepintouch.notifier.domain.Delivery;
import com.keepintouch.notifier.domain.DigestPeriod;
import com.keepintouch.notifier.system.EmailProperties;
import com.keepintouch.platform.system.PeriodicTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends each person's digest once per period, at their hour in their time zone. The digest is a
 * delivery whose id is made of the person and the period, stored before the period is marked
 * handled: a second instance, or this one after a crash, finds it stored and sends nothing.
 *
 * <p>A digest never lists an erased contact: those are left out when it is built, and a contact
 * erased while it was being built has its body removed as its erasure does (the dispatcher refuses
 * to send a digest that lists a contact it knows erased).
 */
@Component
class DigestScheduler extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);

    private final Preferences preferences;
    private final RelationshipStates states;
    private final EmailTemplates templates;
    private final DeliveryFanOut fanOut;
    private final ErasedContacts erased;
    private final ContactDeliveries contactDeliveries;
    private final Duration interval;

    DigestScheduler(
            Preferences preferences,
            RelationshipStates states,
            EmailTemplates templates,
            DeliveryFanOut fanOut,
            ErasedContacts erased,
            ContactDeliveries contactDeliveries,
            EmailProperties properties) {
        super("digests", properties.digestCheckInterval(), properties.digestCheckInterval());
        this.preferences = preferences;
        this.states = states;
        this.templates = templates;
        this.fanOut = fanOut;
        this.erased = erased;
        this.contactDeliveries = contactDeliveries;
        this.interval = properties.digestCheckInterval();
    }

    @Override
    protected void runOnce() {
        run();
    }

    /** Sends the digests that are due; how many were sent. */
    synchronized int run() {
        Instant now = fanOut.now();
        int sent = 0;
        for (Preference preference : preferences.reload()) {
            Optional<DigestPeriod> period = preference.latestPeriod(now);
            if (period.isEmpty() || period.get().key().equals(preference.lastDigest()) || preference.email() == null) {
                continue;
            }
            String key = period.get().key();
            List<RelationshipState> due = needingAttention(preference.ownerId());
            if (!due.isEmpty()) {
                int created = fanOut.deliver(List.of(), List.of(digest(preference, key, key, due, now)));
                recheck(due, now);
                if (created == 1) {
                    sent++;
                    log.info(
                            "Digest sent ownerId={} period={} relationships={}", preference.ownerId(), key, due.size());
                }
            }
            preferences.markDigest(preference.ownerId(), preference.lastDigest(), key);
        }
        return sent;
    }

    /**
     * Sends {@code ownerId}'s digest now, listing what needs attention at this moment, without
     * counting as any period's digest (the scheduled one still comes at its hour). How many
     * relationships it lists; 0 sends nothing.
     */
    int sendNow(Preference preference) {
        Instant now = fanOut.now();
        List<RelationshipState> due = needingAttention(preference.ownerId());
        if (due.isEmpty()) {
            return 0;
        }
        String today = "D" + now.atZone(preference.timezone()).toLocalDate();
        fanOut.deliver(List.of(), List.of(digest(preference, "now-" + now.toEpochMilli(), today, due, now)));
        recheck(due, now);
        log.info("Digest sent on request ownerId={} relationships={}", preference.ownerId(), due.size());
        return due.size();
    }

    /**
     * The owner's relationships that need attention, without those of erased contacts (a state
     * written back by an event handled while its contact was erased is forgotten here too).
     */
    private List<RelationshipState> needingAttention(String ownerId) {
        List<RelationshipState> due = states.needingAttention(ownerId);
        Set<String> gone = erased.erasedAmong(
                due.stream().map(RelationshipState::contactId).toList());
        if (gone.isEmpty()) {
            return due;
        }
        states.forget(gone);
        return due.stream().filter(s -> !gone.contains(s.contactId())).toList();
    }

    /**
     * After a digest was stored: a contact it lists that was erased meanwhile (its erasure may
     * have removed the digests' bodies before this one was stored) gets this one's removed too.
     */
    private void recheck(List<RelationshipState> listed, Instant now) {
        Set<String> gone = erased.erasedAmong(
                listed.stream().map(RelationshipState::contactId).toList());
        for (String contactId : gone) {
            contactDeliveries.erase(contactId, now);
        }
    }

    /**
     * The digest email as a delivery whose id is made of the person and {@code key}; it records the
     * contacts it lists, so that the erasure of one finds it.
     */
    private Delivery digest(
            Preference preference, String key, String periodKey, List<RelationshipState> due, Instant now) {
        return Delivery.email(
                "digest:" + key,
                preference.ownerId(),
                null,
                "digest:" + preference.ownerId() + ":" + key,
                "digest",
                templates
                        .digest(preference.email(), periodKey, preference.timezone(), due)
                        .mentioning(
                                due.stream().map(RelationshipState::contactId).toList()),
                now,
                fanOut.leaseFromNow());
    }
}
