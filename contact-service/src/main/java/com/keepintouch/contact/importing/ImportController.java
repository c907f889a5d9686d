package com.keepintouch.contact.importing;

import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.io.input.BOMInputStream;
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
            records = new CsvRecords(text(request));
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
        VCardRecords records = new VCardRecords(text(request));
        return contactImport.run(caller.actingOwner(ownerId), records, List.of());
    }

    /**
     * The uploaded file as UTF-8 text, without the byte-order mark that Excel's and Outlook's
     * "CSV UTF-8" exports start with (it would make the first column a name no one knows).
     */
    private static Reader text(HttpServletRequest request) throws IOException {
        return new InputStreamReader(
                BOMInputStream.builder()
                        .setInputStream(request.getInputStream())
                        .get(),
                StandardCharsets.UTF_8);
    }
}
