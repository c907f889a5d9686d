package com.keepintouch.contact.export;

import com.keepintouch.contact.contacts.ContactResponse;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Everything the services hold about one contact: contact-service's contact and each other
 * service's section, as that service answered it.
 *
 * @param interactions interaction-service's section
 * @param relationship reminder-service's section
 * @param notifications notifier-service's section
 */
record PersonalDataExport(
        String contactId,
        Instant exportedAt,
        ContactResponse contact,
        JsonNode interactions,
        JsonNode relationship,
        JsonNode notifications) {}
