package com.keepintouch.contact.importing;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The text of a vCard file as ez-vcard reads it, noting what the library does not tell: the line
 * of each card's BEGIN and whether the last card read got its END. It also skips blank lines at the
 * start, before which the library would read no card at all.
 */
final class CardLines extends FilterReader {

    private static final String BEGIN = "BEGIN:VCARD";
    private static final String END = "END:VCARD";

    private final Deque<Integer> begins = new ArrayDeque<>();
    private final StringBuilder current = new StringBuilder();
    private int line = 1;
    private int previous = -1;
    private int open;
    private boolean started;
    private boolean ended;

    CardLines(Reader in) {
        super(new BufferedReader(in));
    }

    /** The line of the character read next. */
    int line() {
        return line;
    }

    /** Whether a card that has begun has not ended yet. */
    boolean cardOpen() {
        return open > 0;
    }

    /** The line of the first BEGIN:VCARD at or after {@code from}; {@code from} when there is none. */
    int beginAtOrAfter(int from) {
        while (!begins.isEmpty() && begins.peekFirst() < from) {
            begins.removeFirst();
        }
        return begins.isEmpty() ? from : begins.removeFirst();
    }

    @Override
    public int read() throws IOException {
        int c = in.read();
        while (!started && (c == '\r' || c == '\n')) {
            see(c);
            c = in.read();
        }
        started = true;
        see(c);
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int c = read();
        if (c < 0) {
            return -1;
        }
        buffer[offset] = (char) c;
        return 1;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void see(int c) {
        if (c < 0) {
            if (!ended) {
                ended = true;
                lineEnded();
            }
        } else if (c == '\n' && previous == '\r') {
            // the second half of CRLF
        } else if (c == '\r' || c == '\n') {
            lineEnded();
            line++;
        } else if (current.length() <= BEGIN.length()) {
            current.append((char) c); // enough of the line to tell BEGIN and END
        }
        previous = c;
    }

    /** A folded line's continuation starts with a space or tab, so it never counts. */
    private void lineEnded() {
        String text = current.toString().stripTrailing();
        if (text.equalsIgnoreCase(BEGIN)) {
            begins.addLast(line);
            open++;
        } else if (text.equalsIgnoreCase(END) && open > 0) {
            open--;
        }
        current.setLength(0);
    }
}
