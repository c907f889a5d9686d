package com.keepintouch.interaction.personaldata;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.keepintouch.interaction.capture.calendar.PlannedTouchPersonalData;
import com.keepintouch.interaction.capture.calendar.PlannedTouchPersonalData.PlannedTouchView;
import com.keepintouch.interaction.contacts.ContactDirectory;
import com.keepintouch.interaction.contacts.KnownContact;
import com.keepintouch.interaction.interactions.InteractionPersonalData;
import com.keepintouch.interaction.interactions.InteractionResponse;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.security.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Everything this service holds about one person, for its owner (or an admin; any other caller,
 * ops too, is refused with 403 before anything is looked up): their interactions
 * (deleted ones too, which are still held), planned touches and the addresses the projection
 * keeps. An erased contact, or another owner's, is a 404; one this service has not seen yet has
 * nothing here.
 */
@Service
class PersonalDataExport {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataExport.class);

    private final ContactDirectory contacts;
    private final InteractionPersonalData interactions;
    private final PlannedTouchPersonalData plannedTouches;

    PersonalDataExport(
            ContactDirectory contacts, InteractionPersonalData interactions, PlannedTouchPersonalData plannedTouches) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.plannedTouches = plannedTouches;
    }

    /** An interaction as {@code GET /api/interactions} answers it, and whether it was deleted. */
    record ExportedInteraction(@JsonUnwrapped InteractionResponse interaction, boolean deleted) {}

    record Section(
            List<ExportedInteraction> interactions, List<PlannedTouchView> plannedTouches, List<String> addresses) {}

    Section of(Caller caller, String contactId) {
        if (!caller.isAdmin() && !caller.scopes().contains(Scope.RECRUITER)) {
            throw RequestRefused.forbidden("An export of a person's data needs the recruiter or admin scope");
        }
        Optional<KnownContact> known = contacts.projected(contactId);
        if (contacts.erased(contactId)
                || known.filter(c -> !caller.mayAccess(c.ownerId())).isPresent()) {
            throw RequestRefused.notFound("Contact", contactId);
        }
        if (known.isEmpty()) {
            return new Section(List.of(), List.of(), List.of());
        }
        KnownContact contact = known.get();
        List<ExportedInteraction> held = new ArrayList<>();
        interactions.forEach(
                contact.ownerId(),
                contactId,
                (interaction, deleted) -> held.add(new ExportedInteraction(interaction, deleted)));
        List<PlannedTouchView> planned = plannedTouches.of(contact.ownerId(), contactId);
        log.info(
                "Personal data exported contactId={} actor={} interactions={} plannedTouches={}",
                contactId,
                caller.userId(),
                held.size(),
                planned.size());
        return new Section(held, planned, contact.emails());
    }
}
