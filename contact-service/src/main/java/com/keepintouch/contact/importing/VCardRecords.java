package com.keepintouch.contact.importing;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Timezone;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads vCard 3.0 and 4.0 one card at a time with ez-vcard: FN (or N), EMAIL, TEL, ORG, TITLE,
 * NOTE, CATEGORIES, TZ. A card's line is that of its BEGIN.
 */
final class VCardRecords extends ImportRecords {

    private final CardLines lines;
    private final VCardReader reader;

    VCardRecords(Reader reader) {
        lines = new CardLines(reader);
        // A card without VERSION is read as 3.0, whose escapes the import has always undone.
        this.reader = new VCardReader(lines, VCardVersion.V3_0);
    }

    @Override
    protected ImportRecord read() {
        int from = lines.line();
        VCard card;
        try {
            card = reader.readNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (card == null) {
            return null;
        }
        Map<String, List<String>> values = values(card);
        if (lines.cardOpen()) {
            values.put("_error", List.of("card has no END:VCARD"));
        }
        return new ImportRecord(lines.beginAtOrAfter(from), values);
    }

    private static Map<String, List<String>> values(VCard card) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        card.getFormattedNames().forEach(name -> put(values, "name", name.getValue()));
        StructuredName structured = card.getStructuredName();
        if (!values.containsKey("name") && structured != null) {
            put(values, "name", text(structured.getGiven()) + " " + text(structured.getFamily()));
        }
        card.getEmails().forEach(email -> put(values, "emails", email.getValue()));
        card.getTelephoneNumbers().forEach(telephone -> put(values, "phone", number(telephone)));
        card.getOrganizations().stream()
                .filter(organization -> !organization.getValues().isEmpty())
                .forEach(organization ->
                        put(values, "company", organization.getValues().get(0)));
        card.getTitles().forEach(title -> put(values, "title", title.getValue()));
        card.getNotes().forEach(note -> put(values, "notes", note.getValue()));
        card.getTimezones().forEach(timezone -> put(values, "timezone", zone(timezone)));
        card.getCategoriesList().forEach(categories -> categories.getValues().forEach(tag -> put(values, "tags", tag)));
        return values;
    }

    /** The number as written, without the {@code tel:} of a URI value. */
    private static String number(Telephone telephone) {
        if (telephone.getText() != null) {
            return telephone.getText();
        }
        return telephone.getUri() == null ? null : telephone.getUri().toString().replaceFirst("^tel:", "");
    }

    /** A zone name (Europe/Berlin), else the UTC offset, which the import refuses as it always did. */
    private static String zone(Timezone timezone) {
        if (timezone.getText() != null) {
            return timezone.getText();
        }
        return timezone.getOffset() == null ? null : timezone.getOffset().toString();
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }

    private static void put(Map<String, List<String>> values, String field, String value) {
        if (value != null && !value.isBlank()) {
            values.computeIfAbsent(field, f -> new ArrayList<>()).add(value.strip());
        }
    }
}
