package com.keepintouch.notifier.personaldata;

import com.keepintouch.notifier.contact.ErasedContacts;
import com.keepintouch.notifier.delivery.ContactDeliveries;
import com.keepintouch.notifier.email.RelationshipState;
import com.keepintouch.notifier.email.RelationshipStates;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.personal.PersonErasedException;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Everything notifier-service holds about one contact, for its owner (or an admin): the deliveries
 * about it with what they sent, and the state of its relationship the digests list. A contact it
 * knows erased, or another owner's, is a 404; one it holds nothing about is an empty export.
 */
@Service
class PersonalDataExport {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataExport.class);

    private final ErasedContacts erased;
    private final ContactDeliveries deliveries;
    private final RelationshipStates states;

    PersonalDataExport(ErasedContacts erased, ContactDeliveries deliveries, RelationshipStates states) {
        this.erased = erased;
        this.deliveries = deliveries;
        this.states = states;
    }

    /** The export's section of notifier-service. */
    record Section(List<ContactDeliveries.Exported> deliveries, DigestState digestState) {}

    /** The relationship's state as the digests list it. */
    record DigestState(
            String contactId,
            String ownerId,
            String contactName,
            String status,
            List<String> reasons,
            String suggestedAction,
            Instant nextDueAt,
            Instant overdueAt,
            Integer strength,
            String raiseMost,
            Integer responsiveness,
            List<String> reciprocity,
            RelationshipState.Suggestion suggestion) {

        static DigestState of(RelationshipState s) {
            return new DigestState(
                    s.contactId(),
                    s.ownerId(),
                    s.contactName(),
                    s.status(),
                    s.reasons(),
                    s.suggestedAction(),
                    s.nextDueAt(),
                    s.overdueAt(),
                    s.strength(),
                    s.raiseMost(),
                    s.responsiveness(),
                    s.reciprocity(),
                    s.suggestion());
        }
    }

    Section export(Caller caller, String contactId) {
        if (!caller.isAdmin() && !caller.scopes().contains(Scope.RECRUITER)) {
            throw RequestRefused.forbidden("an export needs the recruiter or admin scope");
        }
        if (erased.erased(contactId)) {
            throw new PersonErasedException(contactId);
        }
        Optional<RelationshipState> state = states.find(contactId);
        Optional<String> owner = state.map(RelationshipState::ownerId).or(() -> deliveries.ownerOf(contactId));
        if (owner.isPresent() && !caller.mayAccess(owner.get())) {
            throw RequestRefused.notFound("contact", contactId);
        }
        Section section = new Section(
                deliveries.export(contactId), state.map(DigestState::of).orElse(null));
        log.info(
                "Personal data exported contactId={} by={} deliveries={}",
                contactId,
                caller.userId(),
                section.deliveries().size());
        return section;
    }
}
