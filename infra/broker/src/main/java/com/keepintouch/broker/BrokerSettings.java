package com.keepintouch.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Kafka broker settings of {@code kafka-broker.properties} and {@code kafka-node.properties}, as
 * broker properties ({@code auto.create.topics.enable}) in the order of their names.
 */
public final class BrokerSettings {

    private BrokerSettings() {}

    /** How every broker behaves, the test brokers' included: topic creation, replicas, the first rebalance. */
    public static Map<String, String> everyBroker() {
        return load("kafka-broker.properties");
    }

    /** The roles, id and listener names of the one KRaft node of docker-compose.yml and the local stack. */
    public static Map<String, String> singleNode() {
        return load("kafka-node.properties");
    }

    /**
     * The environment variable the {@code apache/kafka} image reads broker property {@code key}
     * from: {@code KAFKA_} and the key in capitals, {@code _} as {@code __}, {@code -} as {@code ___},
     * {@code .} as {@code _}.
     */
    public static String environmentVariable(String key) {
        return "KAFKA_"
                + key.replace("_", "__").replace("-", "___").replace(".", "_").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = BrokerSettings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }
}
