package com.keepintouch.reminder.relationship;

import com.keepintouch.platform.system.PeriodicTask;
import com.keepintouch.reminder.relationship.domain.RelationshipStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * {@code kit_reminder_relationships{status}}: relationships by status across all owners, counted
 * every {@code kit.reminders.status-gauges-interval} (one aggregation), for the operations dashboards.
 */
@Component
class StatusGauges extends PeriodicTask {

    private final Relationships relationships;
    private final Map<RelationshipStatus, AtomicLong> counts = new EnumMap<>(RelationshipStatus.class);

    StatusGauges(Relationships relationships, MeterRegistry meters, ReminderProperties properties) {
        super("relationship-status-gauges", properties.statusGaugesInitialDelay(), properties.statusGaugesInterval());
        this.relationships = relationships;
        for (RelationshipStatus status : RelationshipStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("kit.reminder.relationships", count, AtomicLong::get)
                    .tag("status", status.name())
                    .description("relationships by status, all owners")
                    .register(meters);
        }
    }

    @Override
    protected void runOnce() {
        Map<RelationshipStatus, Long> now = relationships.countByStatus(Optional.empty());
        counts.forEach((status, count) -> count.set(now.getOrDefault(status, 0L)));
    }
}
