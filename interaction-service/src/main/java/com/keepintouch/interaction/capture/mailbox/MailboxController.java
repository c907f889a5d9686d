package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.interaction.capture.CaptureOutcome.Skip;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Auth;
import com.keepintouch.interaction.capture.mailbox.Mailbox.Security;
import com.keepintouch.interaction.capture.mailbox.Mailbox.State;
import com.keepintouch.interaction.capture.mailbox.MailboxManagement.NewMailbox;
import com.keepintouch.platform.paging.Page;
import com.keepintouch.platform.paging.PageRequest;
import com.keepintouch.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** The mailboxes API: an owner connects IMAP mailboxes whose mail records interactions by itself. */
@RestController
@RequestMapping("/api/mailboxes")
@Tag(name = "mailboxes", description = "IMAP mailboxes synced into interactions (headers only)")
class MailboxController {

    private final MailboxManagement mailboxes;

    MailboxController(MailboxManagement mailboxes) {
        this.mailboxes = mailboxes;
    }

    record Folders(String inbox, String sent) {}

    record Backfill(long done, long total) {}

    /** A mailbox as its owner sees it: never its password or token. */
    record MailboxResponse(
            String id,
            String ownerId,
            String host,
            int port,
            Security security,
            String username,
            Auth auth,
            String address,
            List<String> aliases,
            Folders folders,
            int backfillDays,
            Instant createdAt,
            State state,
            Backfill backfill,
            String lastError,
            Instant nextRetryAt,
            Instant lastSyncAt,
            long messagesSeen,
            long interactionsRecorded,
            long contactsMatched,
            Map<String, Long> skipped,
            long invalid) {

        static MailboxResponse of(Mailbox m) {
            State state = m.shownState();
            Map<String, Long> skipped = new LinkedHashMap<>();
            for (Skip reason : Skip.values()) {
                if (reason != Skip.NONE) {
                    skipped.put(reason.name(), m.stats().skipped().getOrDefault(reason, 0L));
                }
            }
            return new MailboxResponse(
                    m.id(),
                    m.ownerId(),
                    m.server().host(),
                    m.server().port(),
                    m.server().security(),
                    m.username(),
                    m.auth(),
                    m.address(),
                    m.aliases(),
                    new Folders(m.folders().inbox(), m.folders().sent()),
                    m.backfillDays(),
                    m.createdAt(),
                    state,
                    state == State.BACKFILLING ? new Backfill(m.backfillDone(), m.backfillTotal()) : null,
                    state == State.FAILING ? m.status().lastError() : null,
                    state == State.FAILING ? m.status().nextRetryAt() : null,
                    m.status().lastSyncAt(),
                    m.stats().messagesSeen(),
                    m.stats().interactionsRecorded(),
                    m.stats().contactsMatched(),
                    skipped,
                    m.stats().invalid());
        }
    }

    record ResyncRequest(Instant since) {}

    @Operation(
            summary = "Connect an IMAP mailbox",
            description = "The login is tried first: a refused login or an unreachable server is a 422 that says so."
                    + " The password or token is stored encrypted and never shown again.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MailboxResponse> create(Caller caller, @RequestBody NewMailbox request) {
        MailboxResponse body = MailboxResponse.of(mailboxes.create(caller, request));
        return ResponseEntity.created(URI.create("/api/mailboxes/" + body.id())).body(body);
    }

    @Operation(summary = "The caller's mailboxes and how their sync goes")
    @GetMapping
    Page<MailboxResponse> list(
            Caller caller,
            @RequestParam(required = false) String ownerId,
            @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        Page<Mailbox> page = mailboxes.list(caller, ownerId, limit, cursor);
        return new Page<>(page.items().stream().map(MailboxResponse::of).toList(), page.nextCursor());
    }

    @Operation(summary = "One mailbox and how its sync goes")
    @GetMapping("/{id}")
    MailboxResponse get(Caller caller, @PathVariable String id) {
        return MailboxResponse.of(mailboxes.readable(caller, id));
    }

    @Operation(summary = "Stop syncing a mailbox and forget it", description = "What it recorded stays.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        mailboxes.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(
            summary = "Read a mailbox again from a date",
            description = "Every folder is read again from since; what was recorded before is not recorded twice.")
    @PostMapping(path = "/{id}/resync", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MailboxResponse> resync(Caller caller, @PathVariable String id, @RequestBody ResyncRequest request) {
        return ResponseEntity.accepted().body(MailboxResponse.of(mailboxes.resync(caller, id, request.since())));
    }
}
