package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.devstack.StackStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void printsOneAlignedRowPerProcessInStartOrder() {
        StackStatus status = new StackStatus(
                42,
                false,
                List.of(
                        process(
                                "kafka",
                                101,
                                State.UP,
                                NOW.minus(Duration.ofHours(2).plusMinutes(5)),
                                null,
                                0,
                                0),
                        process("contact-service", 104, State.UP, NOW.minusSeconds(45), null, 0, 1),
                        process(
                                "notifier-service",
                                107,
                                State.RESTARTING,
                                NOW.minusSeconds(300),
                                NOW.plusMillis(3_200),
                                2,
                                0),
                        process("reminder-service", 106, State.STARTING, NOW.minusSeconds(192), null, 1, 0)));
        Map<String, StatusReport.Live> live = Map.of(
                "kafka", new StatusReport.Live(true, true),
                "contact-service", new StatusReport.Live(true, true),
                "notifier-service", new StatusReport.Live(false, false),
                "reminder-service", new StatusReport.Live(true, false));

        assertThat(StatusReport.table(status, live, NOW).lines().toList())
                .containsExactly(
                        "NAME              PID  UPTIME  RESTARTS  REQUESTED  HEALTH",
                        "kafka             101  2h05m   0         0          UP",
                        "contact-service   104  45s     0         1          UP",
                        "notifier-service  -    -       2         0          RESTARTING in 4 s",
                        "reminder-service  106  3m12s   1         0          STARTING");
        assertThat(StatusReport.allUp(status, live, NOW)).isFalse();
    }

    @Test
    void aProcessTheLauncherThinksUpIsDownWhenItsProbeDoesNotAnswer() {
        StackStatus.Process mongo = process("mongo", 102, State.UP, NOW.minusSeconds(10), null, 0, 0);

        assertThat(StatusReport.health(mongo, new StatusReport.Live(true, false), NOW))
                .isEqualTo("DOWN");
        assertThat(StatusReport.health(mongo, new StatusReport.Live(false, false), NOW))
                .isEqualTo("DOWN");
        assertThat(StatusReport.health(mongo, new StatusReport.Live(true, true), NOW))
                .isEqualTo("UP");
    }

    @Test
    void aProcessStoppedOnRequestIsRestarting() {
        StackStatus.Process contacts =
                process("contact-service", 104, State.STOPPING, NOW.minusSeconds(10), null, 0, 1);

        assertThat(StatusReport.health(contacts, new StatusReport.Live(true, true), NOW))
                .isEqualTo("RESTARTING");
    }

    @Test
    void allUpWhenEveryProbeAnswers() {
        StackStatus status =
                new StackStatus(42, false, List.of(process("kafka", 101, State.UP, NOW.minusSeconds(5), null, 0, 0)));

        assertThat(StatusReport.allUp(status, Map.of("kafka", new StatusReport.Live(true, true)), NOW))
                .isTrue();
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(StatusReport.brief(Duration.ofSeconds(7))).isEqualTo("7s");
        assertThat(StatusReport.brief(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(StatusReport.brief(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(StatusReport.brief(Duration.ofHours(76))).isEqualTo("3d04h");
        assertThat(StatusReport.brief(Duration.ofSeconds(-3))).isEqualTo("0s");
    }

    private static StackStatus.Process process(
            String name, long pid, State state, Instant startedAt, Instant restartAt, int restarts, int requested) {
        return new StackStatus.Process(
                name, pid, state, startedAt, restartAt, restarts, requested, "tcp://127.0.0.1:" + (9000 + pid));
    }
}
