package com.keepintouch.notifier.email;

import com.keepintouch.notifier.domain.DigestPeriod;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import com.keepintouch.platform.web.ApiException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A person's email preferences: where, how often, and at what local hour. */
@RestController
@RequestMapping("/api/preferences")
class PreferencesController {

    private static final Logger log = LoggerFactory.getLogger(PreferencesController.class);
    static final int MAX_EMAIL = 254;

    private final Preferences preferences;
    private final DigestScheduler digests;
    private final Clock clock;

    PreferencesController(Preferences preferences, DigestScheduler digests, Clock clock) {
        this.preferences = preferences;
        this.digests = digests;
        this.clock = clock;
    }

    record PreferenceRequest(String email, String mode, String timezone, Integer digestHour, String digestDay) {}

    record PreferenceView(
            String ownerId,
            String email,
            Preference.Mode mode,
            String timezone,
            int digestHour,
            DayOfWeek digestDay,
            Instant nextDigestAt,
            Instant updatedAt) {}

    @GetMapping("/me")
    PreferenceView get(Caller caller) {
        Preference preference = preferences
                .find(caller.userId())
                .orElseThrow(() -> RequestRefused.notFound("preferences of", caller.userId()));
        return view(preference);
    }

    @PutMapping(path = "/me", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreferenceView put(Caller caller, @RequestBody PreferenceRequest request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        Preference.Mode mode = mode(request.mode());
        String email = email(request.email(), mode);
        ZoneId zone = zone(request.timezone());
        int hour = request.digestHour() == null ? Preference.DEFAULT_DIGEST_HOUR : request.digestHour();
        if (hour < 0 || hour > 23) {
            throw ApiException.badRequest("digestHour", "must be between 0 and 23 (local time)");
        }
        DayOfWeek day = day(request.digestDay());
        Instant now = clock.instant();
        Preference draft = new Preference(caller.userId(), email, mode, zone, hour, day, null, now);
        // The first digest is the next period's, not one for a period that passed before asking.
        String handled = draft.latestPeriod(now).map(DigestPeriod::key).orElse(null);
        Preference preference = new Preference(caller.userId(), email, mode, zone, hour, day, handled, now);
        preferences.save(preference);
        log.info(
                "Email preferences set ownerId={} mode={} timezone={} digestHour={}",
                caller.userId(),
                mode,
                zone,
                hour);
        return view(preference);
    }

    /** What {@code POST /api/preferences/me/digest} answers. */
    record DigestNow(int relationships, boolean sent) {}

    /**
     * Sends my digest now, with what needs attention at this moment (to check the address and
     * the content); the scheduled digests are not affected.
     */
    @PostMapping("/me/digest")
    ResponseEntity<DigestNow> digestNow(Caller caller) {
        Preference preference = preferences
                .find(caller.userId())
                .filter(p -> p.email() != null)
                .orElseThrow(() -> RequestRefused.conflict(
                        "set an email address first: PUT /api/preferences/me with email", Map.of()));
        int listed = digests.sendNow(preference);
        return ResponseEntity.status(listed > 0 ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(new DigestNow(listed, listed > 0));
    }

    private PreferenceView view(Preference p) {
        return new PreferenceView(
                p.ownerId(),
                p.email(),
                p.mode(),
                p.timezone().getId(),
                p.digestHour(),
                p.digestDay(),
                p.nextPeriod(clock.instant()).map(DigestPeriod::dueAt).orElse(null),
                p.updatedAt());
    }

    private static Preference.Mode mode(String text) {
        if (text == null) {
            throw ApiException.badRequest("mode", "is required: one of " + Arrays.toString(Preference.Mode.values()));
        }
        try {
            return Preference.Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("mode", "must be one of " + Arrays.toString(Preference.Mode.values()));
        }
    }

    private static String email(String text, Preference.Mode mode) {
        if (text == null || text.isBlank()) {
            if (mode == Preference.Mode.OFF) {
                return null;
            }
            throw ApiException.badRequest("email", "is required unless mode is OFF");
        }
        if (text.length() > MAX_EMAIL) {
            throw ApiException.badRequest("email", "must be at most " + MAX_EMAIL + " characters");
        }
        try {
            InternetAddress address = new InternetAddress(text.trim(), true);
            if (!address.getAddress().contains("@") || address.getPersonal() != null) {
                throw new AddressException("not a plain address");
            }
            return address.getAddress();
        } catch (AddressException e) {
            throw ApiException.badRequest("email", "is not a valid email address");
        }
    }

    private static ZoneId zone(String text) {
        if (text == null || text.isBlank()) {
            return ZoneId.of("UTC");
        }
        if (!ZoneId.getAvailableZoneIds().contains(text)) {
            throw ApiException.badRequest("timezone", "must be an IANA time zone such as Europe/Berlin");
        }
        return ZoneId.of(text);
    }

    private static DayOfWeek day(String text) {
        if (text == null) {
            return DayOfWeek.MONDAY;
        }
        try {
            return DayOfWeek.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("digestDay", "must be a day of the week, e.g. MONDAY");
        }
    }
}
