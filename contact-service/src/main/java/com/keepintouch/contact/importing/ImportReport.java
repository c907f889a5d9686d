package com.keepintouch.contact.importing;

import java.util.List;

/**
 * What an import did, record by record: how many it created, which were duplicates (by email)
 * of an existing contact or of an earlier record, and which it refused and why.
 */
record ImportReport(
        int records,
        int created,
        List<DuplicateRecord> duplicates,
        List<RecordError> errors,
        List<String> warnings,
        boolean complete) {

    record DuplicateRecord(int line, String email, String existingContactId) {}

    record RecordError(int line, String message) {}
}
