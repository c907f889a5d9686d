package com.keepintouch.devstack;

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
import java.util.zip.CRC32;

/**
 * The append-only write journal of the Mongo wire server: every stored document, every removed
 * one and every structural command (indexes, drops), in the order they were applied.
 *
 * <p>A record is {@code length, crc32, type, database, collection or command, BSON document}. Records
 * are collected in memory by the writing threads and written to the file before the server answers
 * the command that produced them ({@link #flush}), so a killed server process loses nothing it
 * acknowledged; the operating system writes the file to disk, and a background {@code force} every
 * second bounds what a power loss could take. A record torn by a crash mid-write fails its checksum
 * and ends the replay there.
 */
final class Journal implements AutoCloseable {

    enum Type {
        PUT,
        REMOVE,
        COMMAND
    }

    /** One journal record, as read back. */
    record Entry(Type type, String database, String name, Document document) {}

    /** Receives the records of a journal in order. */
    interface Replay {
        void apply(Entry entry);
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

    /** Opens {@code file} for appending, after the records it holds. */
    static Journal append(Path file) {
        try {
            return new Journal(
                    file,
                    FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal " + file, e);
        }
    }

    /**
     * Reads every intact record of {@code file} in order; returns how many. A torn or corrupt tail
     * (a crash during a write) ends the replay; the caller rewrites the journal from what was read.
     */
    static long replay(Path file, Replay replay) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long count = 0;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return count;
                }
                long checksum;
                byte[] body;
                try {
                    checksum = in.readInt() & 0xFFFFFFFFL;
                    if (length <= 0 || length > 64 * 1024 * 1024) {
                        throw new EOFException("record length " + length);
                    }
                    body = in.readNBytes(length);
                    if (body.length != length) {
                        throw new EOFException("short record");
                    }
                } catch (EOFException torn) {
                    System.out.println("mongo wire server: journal ends in a torn record after " + count
                            + " records; it is dropped (" + torn.getMessage() + ")");
                    return count;
                }
                CRC32 crc = new CRC32();
                crc.update(body);
                if (crc.getValue() != checksum) {
                    System.out.println("mongo wire server: journal record " + (count + 1)
                            + " fails its checksum; it and what follows are dropped");
                    return count;
                }
                replay.apply(decode(body));
                count++;
            }
        }
    }

    /** Writes a new journal holding exactly {@code contents}, then puts it in place of {@code file} atomically. */
    static void rewrite(Path file, java.util.function.Consumer<Journal> contents) throws IOException {
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
            System.out.println("mongo wire server: journal not forced to disk: " + e.getMessage());
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
            // the replaced file is gone from the directory already
        }
    }

    private static Entry decode(byte[] body) {
        ByteBuf in = Unpooled.wrappedBuffer(body);
        Type type = Type.values()[in.readByte()];
        String database = readString(in);
        String name = readString(in);
        return new Entry(type, database, name, BsonDecoder.decodeBson(in));
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
