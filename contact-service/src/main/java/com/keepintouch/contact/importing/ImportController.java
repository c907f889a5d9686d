package com.keepintouch.contact.importing;

import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/contacts/import: CSV (header row) or vCard 3.0/4.0, streamed, up to 10,000 records. */
@RestController
class ImportController {

    private final ContactImport contactImport;

    ImportController(ContactImport contactImport) {
        this.contactImport = contactImport;
    }

    @PostMapping(path = "/api/contacts/import", consumes = "text/csv")
    ImportReport importCsv(Caller caller, HttpServletRequest request, @RequestParam(required = false) String ownerId)
            throws IOException {
        CsvRecords records;
        try {
            records = new CsvRecords(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        List<String> warnings = records.unknownColumns().stream()
                .map(column -> "column '" + column + "' is not a field of a contact and was ignored")
                .toList();
        return contactImport.run(caller.actingOwner(ownerId), records, warnings);
    }

    @PostMapping(
            path = "/api/contacts/import",
            consumes = {"text/vcard", "text/x-vcard"})
    ImportReport importVCard(Caller caller, HttpServletRequest request, @RequestParam(required = false) String ownerId)
            throws IOException {
        VCardRecords records =
                new VCardRecords(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
        return contactImport.run(caller.actingOwner(ownerId), records, List.of());
    }
}
