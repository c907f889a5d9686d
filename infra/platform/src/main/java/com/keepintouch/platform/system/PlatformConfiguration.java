package com.keepintouch.platform.system;

import com.keepintouch.events.EventSchemas;
import com.keepintouch.platform.outbox.Outbox;
import com.keepintouch.platform.outbox.OutboxProperties;
import com.keepintouch.platform.outbox.OutboxRelay;
import com.keepintouch.platform.outbox.OutboxSource;
import com.keepintouch.platform.outbox.RelayLeases;
import com.keepintouch.platform.personal.ContactKeys;
import com.keepintouch.platform.personal.ErasureConfirmations;
import com.keepintouch.platform.personal.PersonalData;
import com.keepintouch.platform.personal.PersonalDataProperties;
import com.keepintouch.platform.security.SecretBox;
import com.keepintouch.platform.tracing.TraceContexts;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The clock, the service's own MongoDB database, the outbox with its relay, and the trace context of events. */
@AutoConfiguration(
        after = {MongoAutoConfiguration.class, KafkaAutoConfiguration.class},
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@EnableConfigurationProperties({OutboxProperties.class, PersonalDataProperties.class})
public class PlatformConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A database that is down fails a call within {@code kit.mongodb.server-selection-timeout} (5 s),
     * not the driver's 30 s: health turns DOWN at once and requests answer 503 instead of hanging.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer kitMongoTimeouts(
            @Value("${kit.mongodb.server-selection-timeout:5s}") Duration serverSelection) {
        return builder -> builder.applyToClusterSettings(
                        cluster -> cluster.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(
                        (int) Math.min(serverSelection.toMillis(), 10_000), TimeUnit.MILLISECONDS));
    }

    /** The one database this service owns ({@code spring.mongodb.database}, else the URI's). */
    @Bean
    @ConditionalOnMissingBean
    MongoDatabase mongoDatabase(MongoClient client, MongoProperties properties) {
        return client.getDatabase(properties.getMongoClientDatabase());
    }

    /** Named so that Boot's own MongoDB indicator backs off. */
    @Bean
    MongoPingHealthIndicator mongoHealthContributor(MongoDatabase database) {
        return new MongoPingHealthIndicator(database);
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(
            @Value("${spring.application.name}") String source,
            Clock clock,
            TraceContexts traces,
            PersonalData personalData) {
        return new Outbox(source, JsonMapper.builder().build(), clock, traces, personalData);
    }

    /**
     * Every contact's key, in the keyring database of the services' MongoDB server: the one place
     * keys are held ({@code kit.personal-data.*}).
     */
    @Bean
    @ConditionalOnMissingBean
    ContactKeys contactKeys(MongoClient client, PersonalDataProperties properties, Clock clock) {
        return new ContactKeys(
                client.getDatabase(properties.keyringDatabase()),
                new SecretBox(properties.secretKey(), "contact key", "kit.personal-data.secret-key"),
                clock,
                properties.cacheTtl(),
                properties.cacheSize());
    }

    @Bean
    @ConditionalOnMissingBean
    PersonalData personalData(ContactKeys keys) {
        return new PersonalData(keys, EventSchemas.load());
    }

    /**
     * Where a service that erases on {@code contact.erased} stores its confirmations, each with its
     * erasure.confirmed. contact-service, which confirms inside its erasure record, turns it off
     * ({@code kit.personal-data.erasure-confirmations=false}).
     */
    @Bean
    @ConditionalOnProperty(
            name = "kit.personal-data.erasure-confirmations",
            havingValue = "true",
            matchIfMissing = true)
    OutboxSource erasureConfirmationsOutbox(MongoDatabase database) {
        return new OutboxSource(database.getCollection(ErasureConfirmations.COLLECTION));
    }

    @Bean
    @ConditionalOnProperty(
            name = "kit.personal-data.erasure-confirmations",
            havingValue = "true",
            matchIfMissing = true)
    ErasureConfirmations erasureConfirmations(
            @Qualifier("erasureConfirmationsOutbox") OutboxSource erasureConfirmationsOutbox,
            Outbox outbox,
            OutboxRelay relay,
            Clock clock,
            @Value("${spring.application.name}") String service) {
        return new ErasureConfirmations(erasureConfirmationsOutbox, outbox, relay, clock, service);
    }

    /** The trace context that travels with events; none when tracing is off ({@code management.tracing.enabled}). */
    @Bean
    @ConditionalOnMissingBean
    TraceContexts traceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer found = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return found == null || propagation == null ? TraceContexts.NONE : new TraceContexts(found, propagation);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(
            ObjectProvider<OutboxSource> sources,
            KafkaTemplate<String, String> kafka,
            MongoDatabase database,
            OutboxProperties properties,
            MeterRegistry meters,
            TraceContexts traces,
            @Value("${spring.application.name}") String service) {
        return new OutboxRelay(
                sources.orderedStream().toList(),
                kafka,
                RelayLeases.forService(database, service, properties.leaseDuration()),
                properties,
                Clock.systemUTC(),
                meters,
                traces);
    }
}
