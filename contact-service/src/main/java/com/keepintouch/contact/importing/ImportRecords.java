package com.keepintouch.contact.importing;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** The records of an import file, read one ahead; a format only says how to read the next record. */
abstract class ImportRecords implements Iterator<ImportRecord> {

    private ImportRecord next;

    /** The next record of the input, or null at its end. */
    protected abstract ImportRecord read();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public final ImportRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportRecord record = next;
        next = null;
        return record;
    }
}
