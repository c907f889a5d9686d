package com.keepintouch.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only write journal of the embedded MongoDB: every stored document, every removed one
 * and every structural command (indexes, drops), in the order they were applied.
 *
 * <p>The file starts with a header, {@code "KITJ"} and a format version; then records of
 * {@code length, crc32, type, database, collection or command, BSON document}. Records are
 * collected in memory by the writing threads and written to the file before the server answers
 * the command that produced them ({@link #flush}), so a killed server process loses nothing it
 * acknowledged; a background {@code force} every second bounds what a power loss could take.
 *
 * <p>A record torn by a crash mid-write, or one that fails its checksum, ends the replay there:
 * the bytes from its offset on are kept in a file beside the journal and reported with that
 * offset, never dropped silently. A journal without a header is of the first format (the same
 * records, no header) and is read as such.
 */
final class Journal implements AutoCloseable {

    static final int MAGIC = 0x4B49544A; // "KITJ"
    static final int VERSION = 1;
    private static final int HEADER_BYTES = 8;
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    enum Type {
        PUT,
        REMOVE,
        COMMAND
    }

    /** One journal record, as read back, with the offset it starts at. */
    record Entry(Type type, String database, String name, Document document, long offset) {}

    /** Receives the records of a journal in order. */
    interface Replay {
        void apply(Entry entry);
    }

    /** What a replay read: how many records, and the format version of the file. */
    record Replayed(long records, int version, long damagedBytes) {}

    /** A journal that cannot be read or applied; says where. */
    static final class JournalException extends RuntimeException {
        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private ByteBuf pending = Unpooled.buffer(64 * 1024);
    private ByteBuf writing = Unpooled.buffer(64 * 1024);
    private final Object writeLock = new Object();
    private volatile boolean dirty;

    /** Bytes in the file, counted as they are written: asked after every command, so no system call. */
    private final AtomicLong size;

    private Journal(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = new AtomicLong(channel.size());
    }

    /** Opens {@code file} for appending, after the records it holds; a new file gets the header. */
    static Journal append(Path file) {
        try {
            Journal journal = new Journal(
                    file,
                    FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            if (journal.size() == 0) {
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES)
                        .putInt(MAGIC)
                        .putInt(VERSION)
                        .flip();
                while (header.hasRemaining()) {
                    journal.size.addAndGet(journal.channel.write(header));
                }
            }
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal " + file, e);
        }
    }

    /**
     * Reads every intact record of {@code file} in order. A torn or corrupt record ends the replay;
     * the bytes from it on are kept beside the journal ({@code <file>.damaged-<millis>}) and
     * reported. An error applying a record stops the start with its offset: the data would be
     * wrong after it.
     */
    static Replayed replay(Path file, Replay replay) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new Replayed(0, VERSION, 0);
        }
        long fileSize = Files.size(file);
        long count = 0;
        long offset = 0;
        int version;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            in.mark(HEADER_BYTES);
            if (fileSize >= HEADER_BYTES && in.readInt() == MAGIC) {
                version = in.readInt();
                offset = HEADER_BYTES;
                if (version != VERSION) {
                    throw new JournalException(
                            "journal " + file + " has format version " + version + "; this server reads version "
                                    + VERSION + ". Start the version that wrote it, or move the directory away.",
                            null);
                }
            } else {
                in.reset();
                version = 0; // the first format: records from the first byte
            }
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return new Replayed(count, version, 0);
                }
                String damage = null;
                byte[] body = null;
                long checksum = 0;
                try {
                    checksum = in.readInt() & 0xFFFFFFFFL;
                    if (length <= 0 || length > MAX_RECORD_BYTES) {
                        damage = "an impossible record length " + length;
                    } else {
                        body = in.readNBytes(length);
                        if (body.length != length) {
                            damage = "a record cut short (" + body.length + " of " + length + " bytes)";
                        }
                    }
                } catch (EOFException torn) {
                    damage = "a record cut short in its header";
                }
                if (damage == null) {
                    CRC32 crc = new CRC32();
                    crc.update(body);
                    if (crc.getValue() != checksum) {
                        damage = "a record that fails its checksum";
                    }
                }
                if (damage != null) {
                    long damaged = fileSize - offset;
                    Path kept = keepDamagedTail(file, offset);
                    log.warn(
                            "Journal damaged file={} offset={} records={} problem=\"{}\" bytesAfter={} keptIn={}"
                                    + " (a crash during a write leaves this; what follows the offset is not replayed)",
                            file,
                            offset,
                            count,
                            damage,
                            damaged,
                            kept);
                    return new Replayed(count, version, damaged);
                }
                Entry entry;
                try {
                    entry = decode(body, offset);
                } catch (RuntimeException e) {
                    throw new JournalException(
                            "journal " + file + ": the record at offset " + offset
                                    + " passes its checksum but cannot be" + " decoded: " + e.getMessage(),
                            e);
                }
                try {
                    replay.apply(entry);
                } catch (RuntimeException e) {
                    throw new JournalException(
                            "journal " + file + ": the record at offset " + offset + " (" + entry.type() + " "
                                    + entry.database() + "." + entry.name() + ") cannot be applied: " + e.getMessage(),
                            e);
                }
                count++;
                offset += 8 + length;
            }
        }
    }

    private static Path keepDamagedTail(Path file, long offset) throws IOException {
        Path kept = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = offset;
            long end = in.size();
            while (position < end) {
                position += in.transferTo(position, end - position, out);
            }
        }
        return kept;
    }

    /** Writes a new journal holding exactly {@code contents}, then puts it in place of {@code file} atomically. */
    static void rewrite(Path file, Consumer<Journal> contents) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.deleteIfExists(next);
        try (Journal journal = append(next)) {
            contents.accept(journal);
            journal.flush();
            journal.channel.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void put(String database, String collection, Document document) {
        add(Type.PUT, database, collection, document);
    }

    void remove(String database, String collection, Object id) {
        add(Type.REMOVE, database, collection, new Document("_id", id));
    }

    void command(String database, String command, Document query) {
        add(Type.COMMAND, database, command, query);
    }

    private void add(Type type, String database, String name, Document document) {
        ByteBuf body = Unpooled.buffer(256);
        try {
            body.writeByte(type.ordinal());
            writeString(body, database);
            writeString(body, name);
            BsonEncoder.encodeDocument(document, body);
            CRC32 crc = new CRC32();
            crc.update(body.nioBuffer());
            synchronized (this) {
                pending.writeInt(body.readableBytes());
                pending.writeInt((int) crc.getValue());
                pending.writeBytes(body);
            }
            dirty = true;
        } finally {
            body.release();
        }
    }

    /** Writes what was added so far to the file; called before the server answers a command. */
    void flush() {
        synchronized (writeLock) {
            synchronized (this) {
                if (!pending.isReadable()) {
                    return;
                }
                ByteBuf swap = writing;
                writing = pending;
                pending = swap;
            }
            try {
                ByteBuffer buffer = writing.nioBuffer();
                while (buffer.hasRemaining()) {
                    size.addAndGet(channel.write(buffer));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the journal " + file, e);
            } finally {
                writing.clear();
                if (writing.capacity() > 4 * 1024 * 1024) {
                    writing = Unpooled.buffer(64 * 1024); // a burst does not keep its buffer forever
                }
            }
        }
    }

    /** Asks the operating system to put the file on disk, if anything was written since the last time. */
    void force() {
        if (!dirty) {
            return;
        }
        dirty = false;
        try {
            channel.force(false);
        } catch (IOException e) {
            log.warn("Journal not forced to disk file={} error=\"{}\"", file, e.getMessage());
        }
    }

    long size() {
        return size.get();
    }

    @Override
    public void close() throws IOException {
        flush();
        channel.force(true);
        channel.close();
    }

    /** Closes a journal that a compaction replaced; everything in it is in the new one. */
    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Replaced journal closed with an error file={} error=\"{}\"", file, e.getMessage());
        }
    }

    private static Entry decode(byte[] body, long offset) {
        ByteBuf in = Unpooled.wrappedBuffer(body);
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= Type.values().length) {
            throw new IllegalArgumentException("unknown record type " + ordinal);
        }
        Type type = Type.values()[ordinal];
        String database = readString(in);
        String name = readString(in);
        return new Entry(type, database, name, BsonDecoder.decodeBson(in), offset);
    }

    private static void writeString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readString(ByteBuf in) {
        int length = in.readUnsignedShort();
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }
}
