package com.keepintouch.interaction.capture.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the header block of a message as it arrives over SMTP ({@link InternetHeaders} stops at
 * the blank line) and then discards the rest, counting it without keeping a byte: the body is
 * never read into memory, logged or stored.
 */
final class HeaderBlock {

    /** What reading the message found: its headers (empty when the block was over the limit) and its size. */
    record Read(Optional<InternetHeaders> headers, long size) {}

    private HeaderBlock() {}

    /**
     * Reads {@code data} to its end.
     *
     * @param maxHeaderBytes a header block longer than this yields no headers
     */
    static Read read(InputStream data, long maxHeaderBytes) throws IOException {
        Counting counted = new Counting(data);
        Window window = new Window(counted, maxHeaderBytes);
        Optional<InternetHeaders> headers;
        try {
            // UTF-8 in header values (RFC 6532), which the listener announces as SMTPUTF8
            InternetHeaders read = new InternetHeaders(window, true);
            headers = window.exhausted() ? Optional.empty() : Optional.of(read);
        } catch (MessagingException e) {
            // only an I/O failure underneath: InternetHeaders reads whatever lines it is given
            throw new IOException("the message could not be read", e);
        }
        byte[] discard = new byte[8192];
        while (counted.read(discard) != -1) {
            // counted and dropped
        }
        return new Read(headers, counted.count);
    }

    /** Counts what passes through. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Ends after {@code limit} bytes, and says whether it did; never closes what it reads. */
    private static final class Window extends FilterInputStream {
        private long left;

        Window(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        boolean exhausted() {
            return left <= 0;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b != -1) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the rest of the message is still to be discarded
        }
    }
}
