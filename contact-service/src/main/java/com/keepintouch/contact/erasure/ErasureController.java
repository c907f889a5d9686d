package com.keepintouch.contact.erasure;

import com.keepintouch.platform.security.Caller;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Erasing a contact everywhere (owner or admin) and following its progress (also ops). */
@RestController
class ErasureController {

    private final ContactErasure erasure;

    ErasureController(ContactErasure erasure) {
        this.erasure = erasure;
    }

    /** 202 with the erasure; the same one again for a contact erased (or being erased) already. */
    @PostMapping("/api/contacts/{id}/erase")
    ResponseEntity<ErasureView> erase(Caller caller, @PathVariable String id) {
        Erasure started = erasure.request(caller, id);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/erasures/" + started.erasureId()))
                .body(ErasureView.of(started));
    }

    @GetMapping("/api/erasures/{erasureId}")
    ErasureView get(Caller caller, @PathVariable String erasureId) {
        return ErasureView.of(erasure.get(caller, erasureId));
    }
}
