package com.keepintouch.contact.contacts.domain;

import com.keepintouch.platform.domain.Violation;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules every contact obeys, whichever way it arrives (API, import). */
public final class ContactRules {

    public static final int MAX_NAME = 200;
    public static final int MAX_EMAILS = 10;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG = 50;
    public static final int MIN_CADENCE_DAYS = 1;
    public static final int MAX_CADENCE_DAYS = 730;
    public static final int MAX_NOTES = 10_000;
    public static final int MAX_SHORT_TEXT = 200;
    public static final int MAX_HOW_WE_MET = 1_000;

    /** Pragmatic address check: one @, no spaces, a dot in the domain, at most 254 characters. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]+$");

    private ContactRules() {}

    /** Trims text, lower-cases and de-duplicates emails, de-duplicates tags, fills defaults. */
    public static ContactDraft normalize(ContactDraft draft) {
        return new ContactDraft(
                trim(draft.name()),
                distinct(draft.emails().stream()
                        .map(e -> e == null ? null : e.trim().toLowerCase(Locale.ROOT))
                        .toList()),
                blankToNull(draft.phone()),
                blankToNull(draft.company()),
                blankToNull(draft.title()),
                distinct(draft.tags().stream().map(ContactRules::trim).toList()),
                draft.tier() == null ? Tier.REGULAR : draft.tier(),
                draft.cadenceDays(),
                draft.metAt(),
                blankToNull(draft.howWeMet()),
                blankToNull(draft.notes()),
                draft.status() == null ? ContactStatus.ACTIVE : draft.status(),
                blankToNull(draft.timezone()));
    }

    /** Every rule the (normalized) draft breaks; empty when it is a valid contact. */
    public static List<Violation> check(ContactDraft draft, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank()) {
            violations.add(new Violation("name", "must not be blank"));
        } else if (draft.name().length() > MAX_NAME) {
            violations.add(new Violation("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (draft.emails().size() > MAX_EMAILS) {
            violations.add(new Violation("emails", "must have at most " + MAX_EMAILS + " addresses"));
        }
        for (int i = 0; i < draft.emails().size(); i++) {
            String email = draft.emails().get(i);
            if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
                violations.add(new Violation("emails[" + i + "]", "must be a valid email address"));
            }
        }
        if (draft.tags().size() > MAX_TAGS) {
            violations.add(new Violation("tags", "must have at most " + MAX_TAGS + " tags"));
        }
        for (int i = 0; i < draft.tags().size(); i++) {
            String tag = draft.tags().get(i);
            if (tag == null || tag.isBlank()) {
                violations.add(new Violation("tags[" + i + "]", "must not be blank"));
            } else if (tag.length() > MAX_TAG) {
                violations.add(new Violation("tags[" + i + "]", "must be at most " + MAX_TAG + " characters"));
            }
        }
        if (draft.cadenceDays() != null
                && (draft.cadenceDays() < MIN_CADENCE_DAYS || draft.cadenceDays() > MAX_CADENCE_DAYS)) {
            violations.add(new Violation(
                    "cadenceDays", "must be between " + MIN_CADENCE_DAYS + " and " + MAX_CADENCE_DAYS + " days"));
        }
        if (draft.metAt() != null && draft.metAt().isAfter(now)) {
            violations.add(new Violation("metAt", "must not be in the future"));
        }
        if (draft.notes() != null && draft.notes().length() > MAX_NOTES) {
            violations.add(new Violation("notes", "must be at most " + MAX_NOTES + " characters"));
        }
        if (draft.timezone() != null && !isZone(draft.timezone())) {
            violations.add(new Violation("timezone", "must be an IANA time zone such as Europe/Berlin"));
        }
        checkLength(violations, "phone", draft.phone(), MAX_SHORT_TEXT);
        checkLength(violations, "company", draft.company(), MAX_SHORT_TEXT);
        checkLength(violations, "title", draft.title(), MAX_SHORT_TEXT);
        checkLength(violations, "howWeMet", draft.howWeMet(), MAX_HOW_WE_MET);
        return violations;
    }

    private static boolean isZone(String zone) {
        return ZoneId.getAvailableZoneIds().contains(zone);
    }

    private static void checkLength(List<Violation> violations, String field, String value, int max) {
        if (value != null && value.length() > max) {
            violations.add(new Violation(field, "must be at most " + max + " characters"));
        }
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(
                new LinkedHashSet<>(values.stream().map(v -> v == null ? "" : v).toList()));
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
