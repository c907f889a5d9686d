package com.keepintouch.contact.erasure;

import java.util.UUID;
import java.util.regex.Pattern;

/** Erasure ids: {@code er_} and 32 random hex digits. */
final class ErasureIds {

    static final Pattern FORM = Pattern.compile("er_[0-9a-f]{32}");

    private ErasureIds() {}

    static String next() {
        return "er_" + UUID.randomUUID().toString().replace("-", "");
    }
}
