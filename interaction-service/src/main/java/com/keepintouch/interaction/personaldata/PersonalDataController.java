package com.keepintouch.interaction.personaldata;

import com.keepintouch.platform.domain.ContactIdFormat;
import com.keepintouch.platform.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/personal-data/{contactId}}: this service's section of a person's export (contact-service gathers them). */
@RestController
class PersonalDataController {

    private final PersonalDataExport export;

    PersonalDataController(PersonalDataExport export) {
        this.export = export;
    }

    @GetMapping("/api/personal-data/{contactId}")
    PersonalDataExport.Section export(Caller caller, @PathVariable String contactId) {
        return export.of(caller, ContactIdFormat.require(contactId));
    }
}
