package com.keepintouch.platform.security;

import java.util.Locale;

/** What a token's {@code scope} claim may grant. */
public enum Scope {
    /** Sees and changes only their own contacts and everything derived from them. */
    RECRUITER,
    /** Reads aggregates and deliveries across owners. */
    OPS,
    /** Does everything, for any owner. */
    ADMIN;

    String authority() {
        return "SCOPE_" + name().toLowerCase(Locale.ROOT);
    }
}
