package com.keepintouch.interaction.interactions;

import java.time.Instant;
import java.util.Optional;

/** Filters of an interaction search; {@code ownerId} empty means every owner (ops and admin). */
record InteractionQuery(
        Optional<String> ownerId, Optional<String> contactId, Optional<Instant> from, Optional<Instant> to) {}
