package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/interactions/import}: an .ics file (up to {@code kit.web.max-upload-size}, an
 * upload path) whose past meetings with the caller's contacts are recorded and future ones planned.
 */
@RestController
class CalendarImportController {

    static final String TEXT_CALENDAR = "text/calendar";

    private final CalendarImporting importing;

    CalendarImportController(CalendarImporting importing) {
        this.importing = importing;
    }

    /** The body is read from the request as it streams in (the platform bounds it), so its type is told here. */
    @PostMapping(path = "/api/interactions/import", consumes = TEXT_CALENDAR)
    @RequestBody(
            description = "an iCalendar (.ics) file",
            required = true,
            content = @Content(mediaType = TEXT_CALENDAR, schema = @Schema(type = "string", format = "binary")))
    ImportCounts importCalendar(Caller caller, HttpServletRequest request) throws IOException {
        byte[] ics = request.getInputStream().readAllBytes();
        if (ics.length == 0) {
            throw ApiException.badRequest("body", "an iCalendar (.ics) file is required");
        }
        return importing.importFile(caller, ics);
    }
}
