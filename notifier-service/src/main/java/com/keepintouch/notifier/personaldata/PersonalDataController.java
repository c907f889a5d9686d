package com.keepintouch.notifier.personaldata;

import com.keepintouch.platform.domain.ContactIdFormat;
import com.keepintouch.platform.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/personal-data/{contactId}}: notifier-service's section of a contact's export. */
@RestController
class PersonalDataController {

    private final PersonalDataExport export;

    PersonalDataController(PersonalDataExport export) {
        this.export = export;
    }

    @GetMapping("/api/personal-data/{contactId}")
    PersonalDataExport.Section get(Caller caller, @PathVariable String contactId) {
        return export.export(caller, ContactIdFormat.require(contactId));
    }
}
