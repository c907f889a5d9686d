package com.keepintouch.reminder.library;

import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.paging.Position;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.reminder.library.LibraryRules.ShareableDraft;
import com.keepintouch.reminder.relationship.domain.Shareable;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The library API: things worth sharing, which the reminders suggest to the contacts they suit. */
@RestController
@RequestMapping("/api/shareables")
class ShareableController {

    private final LibraryManagement library;

    ShareableController(LibraryManagement library) {
        this.library = library;
    }

    record ShareableRequest(String url, String title, List<String> topics) {}

    record ShareableResponse(String id, String url, String title, List<String> topics, Instant createdAt) {

        static ShareableResponse of(Shareable s) {
            return new ShareableResponse(s.id(), s.url(), s.title(), s.topics(), s.createdAt());
        }
    }

    /** Adds to the caller's library (an admin may name the owner). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ShareableResponse> add(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestBody(required = false) ShareableRequest request) {
        ShareableRequest body = request == null ? new ShareableRequest(null, null, null) : request;
        Shareable added =
                library.add(caller.actingOwner(ownerId), new ShareableDraft(body.url(), body.title(), body.topics()));
        return ResponseEntity.created(URI.create("/api/shareables/" + added.id()))
                .body(ShareableResponse.of(added));
    }

    /** The caller's library newest first (ops and admin may name another owner's). */
    @GetMapping
    Page<ShareableResponse> list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.byInstantAndId(limit, cursor, LibraryManagement.ID_FORM);
        String owner = caller.readableOwners(ownerId).orElse(caller.userId());
        return page.page(library.list(owner, page), s -> new Position(s.createdAt(), s.id()), ShareableResponse::of);
    }

    @GetMapping("/{id}")
    ShareableResponse get(Caller caller, @PathVariable String id) {
        return ShareableResponse.of(library.get(caller, id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        library.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
