package com.keepintouch.reminder.library;

import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.reminder.library.LibraryManagement.CadenceChange;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tag cadences API: how often to keep in touch with the contacts that have a tag. */
@RestController
@RequestMapping("/api/cadences/tags")
class TagCadenceController {

    private final LibraryManagement library;

    TagCadenceController(LibraryManagement library) {
        this.library = library;
    }

    record CadenceRequest(Integer days) {}

    /**
     * @param tag as the owner last wrote it
     * @param key as it is matched against contacts' tags: lower case
     * @param relationships on a change, the owner's relationships with the tag that were reassessed
     */
    record TagCadenceResponse(String tag, String key, int days, Instant updatedAt, Integer relationships) {

        static TagCadenceResponse of(TagCadence c, Integer relationships) {
            return new TagCadenceResponse(c.spelling(), c.tag(), c.days(), c.updatedAt(), relationships);
        }
    }

    @PutMapping(path = "/{tag}", consumes = MediaType.APPLICATION_JSON_VALUE)
    TagCadenceResponse put(
            Caller caller,
            @PathVariable String tag,
            @RequestParam(required = false) String ownerId,
            @RequestBody(required = false) CadenceRequest request) {
        CadenceChange change =
                library.putTagCadence(caller.actingOwner(ownerId), tag, request == null ? null : request.days());
        return TagCadenceResponse.of(change.cadence(), change.relationships());
    }

    /** The caller's tag cadences in tag order (ops and admin may name another owner's); one page holds them all. */
    @GetMapping
    Page<TagCadenceResponse> list(Caller caller, @RequestParam(required = false) String ownerId) {
        String owner = caller.readableOwners(ownerId).orElse(caller.userId());
        return new Page<>(
                library.tagCadences(owner).stream()
                        .map(c -> TagCadenceResponse.of(c, null))
                        .toList(),
                null);
    }

    @DeleteMapping("/{tag}")
    ResponseEntity<Void> delete(
            Caller caller, @PathVariable String tag, @RequestParam(required = false) String ownerId) {
        library.deleteTagCadence(caller.actingOwner(ownerId), tag);
        return ResponseEntity.noContent().build();
    }
}
