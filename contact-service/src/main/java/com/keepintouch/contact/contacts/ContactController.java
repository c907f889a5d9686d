package com.keepintouch.contact.contacts;

import com.keepintouch.contact.contacts.domain.ContactIds;
import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import com.keepintouch.contact.idempotency.IdempotencyKeys;
import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The contacts API: a recruiter's own contacts; ops read everyone's; admin acts for any owner. */
@RestController
@RequestMapping("/api/contacts")
class ContactController {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ContactManagement contacts;
    private final IdempotencyKeys idempotencyKeys;
    private final JsonMapper json;

    ContactController(ContactManagement contacts, IdempotencyKeys idempotencyKeys, JsonMapper json) {
        this.contacts = contacts;
        this.idempotencyKeys = idempotencyKeys;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(
            Caller caller,
            @RequestBody ContactRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String ownerId = caller.actingOwner(request.ownerId());
        if (idempotencyKey == null) {
            return created(contacts.create(ownerId, request.draft()));
        }
        IdempotencyKeys.Begun begun = idempotencyKeys.begin(ownerId, idempotencyKey, json.writeValueAsString(request));
        if (begun instanceof IdempotencyKeys.Replay replay) {
            return ResponseEntity.status(replay.status())
                    .location(URI.create(replay.location()))
                    .header("Idempotent-Replayed", "true")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(replay.body());
        }
        IdempotencyKeys.Taken taken = (IdempotencyKeys.Taken) begun;
        try {
            ResponseEntity<ContactResponse> response = created(contacts.create(ownerId, request.draft()));
            idempotencyKeys.complete(
                    taken,
                    201,
                    response.getHeaders().getLocation().toString(),
                    json.writeValueAsString(response.getBody()));
            return response;
        } catch (RuntimeException e) {
            idempotencyKeys.abandon(taken);
            throw e;
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<ContactResponse> get(Caller caller, @PathVariable String id) {
        Contact contact = contacts.get(caller, id);
        return ResponseEntity.ok().eTag(contact.etag()).body(ContactResponse.of(contact));
    }

    @GetMapping
    Page<ContactResponse> search(
            Caller caller,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String tier,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.byId(limit, cursor, ContactIds.FORM);
        ContactQuery query = new ContactQuery(
                caller.readableOwners(ownerId),
                nonBlank(q),
                nonBlank(tag),
                anyCase(Tier.class, "tier", tier),
                anyCase(ContactStatus.class, "status", status));
        return page.page(contacts.search(query, page), Contact::position, ContactResponse::of);
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<ContactResponse> patch(
            Caller caller,
            @PathVariable String id,
            @RequestBody JsonNode patch,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("body", "a merge patch must be a JSON object");
        }
        Contact contact;
        try {
            contact = contacts.update(caller, id, version(ifMatch), current -> {
                ObjectNode merged = json.valueToTree(ContactRequest.of(current));
                merged.remove("ownerId");
                MergePatch.apply(merged, (ObjectNode) patch);
                try {
                    return json.treeToValue(merged, ContactRequest.class).draft();
                } catch (JacksonException e) {
                    throw ApiException.badRequest(
                            MergePatch.field(e), "has the wrong type or format, or is not a field of a contact");
                }
            });
        } catch (StaleVersion e) {
            throw ApiException.preconditionFailed(e.getMessage());
        }
        return ResponseEntity.ok().eTag(contact.etag()).body(ContactResponse.of(contact));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            Caller caller,
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        try {
            contacts.delete(caller, id, version(ifMatch));
        } catch (StaleVersion e) {
            throw ApiException.preconditionFailed(e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<ContactResponse> created(Contact contact) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/contacts/" + contact.id()))
                .eTag(contact.etag())
                .body(ContactResponse.of(contact));
    }

    /** The version an {@code If-Match} names: {@code "3"}, {@code W/"3"} or {@code *} (any). */
    static Optional<Long> version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return Optional.empty();
        }
        String tag = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Optional.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw ApiException.preconditionFailed(
                    "If-Match " + Quoted.of(ifMatch) + " names no version of this contact");
        }
    }

    /** A filter's value in any case, as every enum parameter of the API takes it; another is a 400 naming the values. */
    private static <E extends Enum<E>> Optional<E> anyCase(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
