package com.keepintouch.platform.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one check of a link a person gives (an article shared, an item of a library, a URL this system
 * calls): an absolute http or https URL with a host, read by {@link URI}, within a length.
 */
public final class HttpLinks {

    /** The longest link any API takes: what browsers and servers reliably carry. */
    public static final int MAX_LENGTH = 2048;

    private HttpLinks() {}

    /** Why {@code text} (trimmed) is not an http(s) link, in words for the caller; empty when it is one. */
    public static Optional<String> refusal(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("must not be blank");
        }
        String link = text.strip();
        if (link.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        try {
            return formRefusal(new URI(link));
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
    }

    /** Why {@code url} is not an absolute http(s) URL with a host; empty when it is one. */
    public static Optional<String> formRefusal(URI url) {
        if (!url.isAbsolute() || url.getScheme() == null) {
            return Optional.of("must be an absolute http or https URL");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("scheme " + Quoted.of(scheme) + " is not allowed; use http or https");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        return Optional.empty();
    }
}
