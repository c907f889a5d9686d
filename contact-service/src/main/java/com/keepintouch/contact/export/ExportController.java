package com.keepintouch.contact.export;

import com.keepintouch.platform.security.Caller;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/contacts/{id}/export: one JSON document, as a download, of what every service holds about the contact. */
@RestController
class ExportController {

    private final ContactExport export;

    ExportController(ContactExport export) {
        this.export = export;
    }

    @GetMapping("/api/contacts/{id}/export")
    ResponseEntity<PersonalDataExport> export(
            Caller caller, @PathVariable String id, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        PersonalDataExport document = export.export(caller, id, authorization);
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("contact-" + document.contactId() + ".json")
                                .build()
                                .toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body(document);
    }
}
