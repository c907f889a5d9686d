package com.keepintouch.contact.importing;

import com.keepintouch.contact.contacts.ContactManagement;
import com.keepintouch.contact.contacts.ContactManagement.BatchResult;
import com.keepintouch.contact.contacts.domain.ContactDraft;
import com.keepintouch.contact.contacts.domain.ContactRules;
import com.keepintouch.contact.contacts.domain.ContactStatus;
import com.keepintouch.contact.contacts.domain.Tier;
import com.keepintouch.contact.importing.ImportReport.DuplicateRecord;
import com.keepintouch.contact.importing.ImportReport.RecordError;
import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.domain.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports the records of a file for one owner, in batches: a bad record is reported with its line
 * and never stops the good ones; a record whose address already belongs to a contact is a duplicate.
 */
@Service
class ContactImport {

    static final int MAX_RECORDS = 10_000;
    static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(ContactImport.class);

    private final ContactManagement contacts;
    private final Clock clock;

    ContactImport(ContactManagement contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    ImportReport run(String ownerId, Iterator<ImportRecord> records, List<String> warnings) {
        long started = System.nanoTime();
        int count = 0;
        int created = 0;
        boolean complete = true;
        List<DuplicateRecord> duplicates = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        List<ContactDraft> batch = new ArrayList<>(BATCH);
        List<Integer> lines = new ArrayList<>(BATCH);
        while (records.hasNext()) {
            ImportRecord record = records.next();
            if (count == MAX_RECORDS) {
                errors.add(new RecordError(
                        record.line(),
                        "the limit of " + MAX_RECORDS
                                + " records per import was reached; this and later records were not imported"));
                complete = false;
                break;
            }
            count++;
            List<String> problems = new ArrayList<>();
            ContactDraft draft = ContactRules.normalize(draft(record, problems));
            ContactRules.check(draft, clock.instant()).stream()
                    .map(ContactImport::describe)
                    .forEach(problems::add);
            if (!problems.isEmpty()) {
                errors.add(new RecordError(record.line(), String.join("; ", problems)));
                continue;
            }
            batch.add(draft);
            lines.add(record.line());
            if (batch.size() == BATCH) {
                created += flush(ownerId, batch, lines, duplicates);
            }
        }
        created += flush(ownerId, batch, lines, duplicates);
        log.info(
                "Contacts imported ownerId={} records={} created={} duplicates={} errors={} tookMs={}",
                ownerId,
                count,
                created,
                duplicates.size(),
                errors.size(),
                (System.nanoTime() - started) / 1_000_000);
        return new ImportReport(count, created, duplicates, errors, warnings, complete);
    }

    private int flush(String ownerId, List<ContactDraft> batch, List<Integer> lines, List<DuplicateRecord> duplicates) {
        if (batch.isEmpty()) {
            return 0;
        }
        BatchResult result = contacts.createAll(ownerId, List.copyOf(batch));
        result.duplicates()
                .forEach((index, duplicate) -> duplicates.add(
                        new DuplicateRecord(lines.get(index), duplicate.email(), duplicate.existingContactId())));
        batch.clear();
        lines.clear();
        return result.createdIds().size();
    }

    /** The draft a record spells; values that cannot be read are reported in {@code problems}. */
    static ContactDraft draft(ImportRecord record, List<String> problems) {
        if (record.values().containsKey("_error")) {
            problems.add(record.first("_error"));
        }
        return new ContactDraft(
                record.first("name"),
                record.all("emails"),
                record.first("phone"),
                record.first("company"),
                record.first("title"),
                record.all("tags"),
                parseEnum(Tier.class, "tier", record.first("tier"), problems),
                parseInt("cadenceDays", record.first("cadenceDays"), problems),
                parseInstant("metAt", record.first("metAt"), problems),
                record.first("howWeMet"),
                record.first("notes"),
                parseEnum(ContactStatus.class, "status", record.first("status"), problems),
                record.first("timezone"));
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(field + ": '" + Quoted.of(value) + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(Enum::name)
                            .collect(Collectors.joining(", ")));
            return null;
        }
    }

    private static Integer parseInt(String field, String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            problems.add(field + ": '" + Quoted.of(value) + "' is not a whole number");
            return null;
        }
    }

    /** An ISO instant (2026-03-02T18:00:00Z) or a date (2026-03-02, taken as midnight UTC). */
    private static Instant parseInstant(String field, String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return value.contains("T")
                    ? Instant.parse(value.strip())
                    : LocalDate.parse(value.strip())
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
        } catch (DateTimeParseException e) {
            problems.add(field + ": '" + Quoted.of(value)
                    + "' is not a date (2026-03-02) or an instant (2026-03-02T18:00:00Z)");
            return null;
        }
    }

    private static String describe(Violation violation) {
        return violation.field() + ": " + violation.message();
    }
}
