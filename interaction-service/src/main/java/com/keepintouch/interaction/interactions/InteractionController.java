package com.keepintouch.interaction.interactions;

import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.interactions.InteractionManagement.Stored;
import com.keepintouch.interaction.interactions.domain.Direction;
import com.keepintouch.interaction.interactions.domain.InteractionDraft;
import com.keepintouch.interaction.interactions.domain.InteractionType;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import com.keepintouch.platform.web.JsonProblems;
import com.keepintouch.platform.web.ProblemHandling;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
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

/** The interactions API: a recruiter records and reads touchpoints of their own contacts. */
@RestController
@RequestMapping("/api/interactions")
class InteractionController {

    static final int MAX_BATCH = 500;

    private final InteractionManagement interactions;

    private final JsonMapper json;

    InteractionController(InteractionManagement interactions, JsonMapper json) {
        this.interactions = interactions;
        this.json = json;
    }

    /** One item of a batch, read as the single endpoint reads its body; a bad one is refused alone. */
    private InteractionRequest read(JsonNode item) {
        try {
            return json.treeToValue(item, InteractionRequest.class);
        } catch (JacksonException e) {
            throw RequestRefused.invalid(List.of(JsonProblems.of(e)));
        }
    }

    record InteractionRequest(
            String contactId,
            InteractionType type,
            Direction direction,
            Instant occurredAt,
            String summary,
            String externalId,
            CaptureSource source,
            JsonNode inReplyTo,
            String shareableId,
            String url) {

        /** The draft; source and inReplyTo are the service's to set, so a client may only say API and null. */
        InteractionDraft draft() {
            List<Violation> violations = new ArrayList<>();
            if (source != null && source != CaptureSource.API) {
                violations.add(
                        new Violation("source", "is set by the service: an interaction posted through the API is API"));
            }
            if (inReplyTo != null && !inReplyTo.isNull()) {
                violations.add(
                        new Violation("inReplyTo", "is set by the service for captured replies and cannot be posted"));
            }
            if (!violations.isEmpty()) {
                throw RequestRefused.invalid(violations);
            }
            return new InteractionDraft(contactId, type, direction, occurredAt, summary, externalId, shareableId, url);
        }
    }

    /** Items stay JSON until each is read on its own: one that cannot be read fails alone. */
    record BatchRequest(List<JsonNode> items) {}

    /** The result of one item of a batch: its HTTP-like status and the interaction or the problem. */
    record BatchItemResult(int index, int status, InteractionResponse interaction, Map<String, Object> problem) {}

    record BatchResponse(int succeeded, int failed, List<BatchItemResult> results) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<InteractionResponse> record(
            Caller caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody InteractionRequest request) {
        Stored recorded = interactions.record(caller, token(authorization), request.draft());
        InteractionResponse body = InteractionResponse.of(recorded.interaction());
        return recorded.created()
                ? ResponseEntity.created(URI.create("/api/interactions/" + body.id()))
                        .body(body)
                : ResponseEntity.ok()
                        .location(URI.create("/api/interactions/" + body.id()))
                        .body(body);
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    BatchResponse batch(
            Caller caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody BatchRequest batch) {
        if (batch.items() == null || batch.items().isEmpty() || batch.items().size() > MAX_BATCH) {
            throw ApiException.badRequest("items", "must hold 1 to " + MAX_BATCH + " interactions");
        }
        List<BatchItemResult> results = new ArrayList<>(batch.items().size());
        int failed = 0;
        for (int i = 0; i < batch.items().size(); i++) {
            JsonNode node = batch.items().get(i);
            try {
                if (node == null || !node.isObject()) {
                    throw ApiException.badRequest("items[" + i + "]", "must be an interaction");
                }
                InteractionRequest item = read(node);
                Stored recorded = interactions.record(caller, token(authorization), item.draft());
                results.add(new BatchItemResult(
                        i, recorded.created() ? 201 : 200, InteractionResponse.of(recorded.interaction()), null));
            } catch (ApiException | RequestRefused e) {
                failed++;
                ProblemDetail detail = ProblemHandling.problemOf(e);
                Map<String, Object> problem = new java.util.LinkedHashMap<>();
                problem.put("title", detail.getTitle());
                problem.put("detail", detail.getDetail());
                if (detail.getProperties() != null) {
                    problem.putAll(detail.getProperties());
                }
                results.add(new BatchItemResult(i, detail.getStatus(), null, problem));
            }
        }
        return new BatchResponse(results.size() - failed, failed, results);
    }

    @GetMapping("/{id}")
    InteractionResponse get(Caller caller, @PathVariable String id) {
        return InteractionResponse.of(interactions.get(caller, id));
    }

    @GetMapping
    Page<InteractionResponse> search(
            Caller caller,
            @RequestParam(required = false) String contactId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.byInstantAndId(limit, cursor, Interaction.ID_FORM);
        InteractionQuery query = new InteractionQuery(
                caller.readableOwners(ownerId),
                Optional.ofNullable(contactId).filter(c -> !c.isBlank()),
                instant("from", from),
                instant("to", to));
        return page.page(interactions.search(query, page), Interaction::position, InteractionResponse::of);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        interactions.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    private static String token(String authorization) {
        return authorization.substring(authorization.indexOf(' ') + 1).trim();
    }

    private static Optional<Instant> instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "must be an instant such as 2026-03-02T18:00:00Z");
        }
    }
}
