package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.security.TargetGuard;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A feed's address: checked against SSRF ({@link TargetGuard}), sealed at rest ({@link SecretBox},
 * since a private calendar link carries its token in the path or query), and shown only as its host.
 */
final class FeedAddresses {

    static final int MAX_URL = 2048;

    private final SecretBox box;
    private final TargetGuard guard;
    private final SecretKeySpec digestKey;

    FeedAddresses(SecretBox box, TargetGuard guard, String secretKey) {
        this.box = box;
        this.guard = guard;
        this.digestKey =
                new SecretKeySpec(("calendar-feed-url\n" + secretKey).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The address as given, with {@code webcal://} read as {@code https://}; 400 when it is no http(s) URL. */
    URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw RequestRefused.invalid("url", "is required");
        }
        if (text.length() > MAX_URL) {
            throw RequestRefused.invalid("url", "must be at most " + MAX_URL + " characters");
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw RequestRefused.invalid("url", "is not a URL");
        }
        url = https(url);
        Optional<String> form = TargetGuard.formRefusal(url);
        if (form.isPresent()) {
            throw RequestRefused.invalid("url", form.get());
        }
        return url;
    }

    /** Why the address may not be fetched now (it resolves to a refused network), or empty. */
    Optional<String> refusal(URI url) {
        return guard.refusal(url);
    }

    /** {@code webcal://} and {@code webcals://} as {@code https://}, the way calendar apps read them. */
    static URI https(URI url) {
        String scheme = url.getScheme();
        if (scheme != null && (scheme.equalsIgnoreCase("webcal") || scheme.equalsIgnoreCase("webcals"))) {
            return URI.create("https" + url.toString().substring(scheme.length()));
        }
        return url;
    }

    String seal(URI url) {
        return box.seal(url.toString());
    }

    URI open(String sealed) {
        return URI.create(box.open(sealed));
    }

    /** Host (and port) and an ellipsis: all of an address that is ever shown or logged. */
    static String hint(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return host + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "/…";
    }

    /** A keyed digest of the address, so one owner's second feed of the same calendar is found without opening any. */
    String digest(URI url) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            return HexFormat.of().formatHex(mac.doFinal(url.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
