package com.keepintouch.platform.security;

import java.util.Set;

/**
 * Who is calling: the token's {@code sub} and scopes. A controller method takes it as a
 * parameter; it is never read from a request body.
 */
public record Caller(String userId, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** Whether the caller may read every owner's data (ops and admin). */
    public boolean readsAllOwners() {
        return isAdmin() || scopes.contains(Scope.OPS);
    }

    /** Whether the caller may see or change what belongs to {@code ownerId}. */
    public boolean mayAccess(String ownerId) {
        return isAdmin() || userId.equals(ownerId);
    }

    /**
     * Whose data a read may return: the caller's own, or for ops and admin every owner's (empty)
     * or the one they name.
     */
    public java.util.Optional<String> readableOwners(String requestedOwner) {
        if (!readsAllOwners()) {
            return java.util.Optional.of(userId);
        }
        return java.util.Optional.ofNullable(requestedOwner).filter(owner -> !owner.isBlank());
    }

    /**
     * The owner a request acts for: the caller, or for an admin the owner it names. A recruiter's
     * {@code requestedOwner} is ignored, never trusted.
     */
    public String actingOwner(String requestedOwner) {
        return isAdmin() && requestedOwner != null && !requestedOwner.isBlank() ? requestedOwner : userId;
    }
}
