package com.keepintouch.system;

import com.keepintouch.devstack.Settings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;

/**
 * Where a person's data could still be after an erasure, searched from outside as an auditor
 * would: every document of every database of the stack's MongoDB (the keyring included), every
 * record of every topic (values, keys and headers, {@code .DLT} twins included) read as text,
 * every log file of the stack, and any text a test hands it (API answers). A needle is found as
 * written, in lower case or in upper case, so that a copy normalised for search is found too.
 */
final class PersonalDataScan {

    /** The database each service keeps its own data in (their {@code MONGODB_DATABASE} defaults). */
    static final Map<String, String> DATABASES = Map.of(
            "contact-service", "contacts",
            "interaction-service", "interactions",
            "reminder-service", "relationships",
            "notifier-service", "notifications");

    private static final int EXCERPT = 80;

    /** A needle found: where, which one, and the text around it. */
    record Finding(String where, String needle, String excerpt) {
        @Override
        public String toString() {
            return where + ": '" + needle + "' in …" + excerpt + "…";
        }
    }

    private final List<String> needles;

    private PersonalDataScan(Collection<String> needles) {
        Set<String> variants = new LinkedHashSet<>();
        for (String needle : needles) {
            if (needle == null || needle.isBlank()) {
                throw new IllegalArgumentException("a blank needle would be found everywhere");
            }
            variants.add(needle);
            variants.add(needle.toLowerCase(Locale.ROOT));
            variants.add(needle.toUpperCase(Locale.ROOT));
        }
        this.needles = List.copyOf(variants);
    }

    /** A scan for these pieces of a person's data (names, addresses, summaries). */
    static PersonalDataScan of(Collection<String> needles) {
        return new PersonalDataScan(needles);
    }

    /** Everywhere the stack keeps anything: its databases, its topics and its log files. */
    List<Finding> everywhere(Settings settings) {
        List<Finding> found = new ArrayList<>(databases(settings));
        found.addAll(topics(settings));
        found.addAll(logs(settings));
        return found;
    }

    /** Every document of every collection of every database on the stack's MongoDB, as JSON. */
    List<Finding> databases(Settings settings) {
        try (MongoClient mongo = MongoClients.create(settings.mongoUri())) {
            List<Finding> found = new ArrayList<>();
            for (String name : mongo.listDatabaseNames()) {
                found.addAll(database(mongo.getDatabase(name)));
            }
            return found;
        }
    }

    /** Every document of one database, e.g. {@code DATABASES.get("reminder-service")}. */
    List<Finding> database(Settings settings, String name) {
        try (MongoClient mongo = MongoClients.create(settings.mongoUri())) {
            return database(mongo.getDatabase(name));
        }
    }

    private List<Finding> database(MongoDatabase database) {
        List<Finding> found = new ArrayList<>();
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find()) {
                found.addAll(in(database.getName() + "." + collection + " " + document.get("_id"), document.toJson()));
            }
        }
        return found;
    }

    /**
     * Every record of every topic on the stack's broker from its beginning to its end now (the
     * broker's internal topics aside): its value, key and headers, each read as UTF-8 text.
     */
    List<Finding> topics(Settings settings) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        Set<String> topics;
        try (Admin client = Admin.create(admin)) {
            topics = client.listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the topics of " + settings.kafkaBootstrap(), e);
        }
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "personal-data-scan-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Finding> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read every topic to its end within 120 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
                    found.addAll(in(where + " value", text(record.value())));
                    found.addAll(in(where + " key", text(record.key())));
                    for (Header header : record.headers()) {
                        found.addAll(in(where + " header " + header.key(), text(header.value())));
                    }
                }
            }
        }
        return found;
    }

    /** Every file under the stack's log directory, read as bytes (ISO-8859-1), so nothing is skipped as undecodable. */
    List<Finding> logs(Settings settings) {
        List<Finding> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(settings.logs())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                found.addAll(in(
                        settings.logs().relativize(file).toString(),
                        Files.readString(file, StandardCharsets.ISO_8859_1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The needles in {@code text}, e.g. an API answer; {@code where} names it in the findings. */
    List<Finding> in(String where, String text) {
        List<Finding> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        for (String needle : needles) {
            int at = text.indexOf(needle);
            if (at >= 0) {
                String excerpt = text.substring(
                                Math.max(0, at - EXCERPT), Math.min(text.length(), at + needle.length() + EXCERPT))
                        .replaceAll("\\s+", " ");
                found.add(new Finding(where, needle, excerpt));
            }
        }
        return found;
    }

    /**
     * Fails if anything was found, saying how much, in which places (a collection, a topic, a log
     * file) and the first findings with the text around them; a list of thousands would hide that.
     */
    static void assertNothingFound(String what, List<Finding> found) {
        if (found.isEmpty()) {
            return;
        }
        Map<String, Long> places = found.stream()
                .collect(Collectors.groupingBy(f -> place(f.where()), TreeMap::new, Collectors.counting()));
        throw new AssertionError(found.size() + " finding(s) " + what + ", by place " + places + "; the first:"
                + found.stream()
                        .limit(20)
                        .map(f -> System.lineSeparator() + "  " + f)
                        .collect(Collectors.joining()));
    }

    /** A finding's collection, topic or file, without the document id or offset. */
    private static String place(String where) {
        String place = where.split(" ")[0];
        int offset = place.lastIndexOf('@');
        int partition = offset < 0 ? -1 : place.lastIndexOf('-', offset);
        return partition < 0 ? place : place.substring(0, partition);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
