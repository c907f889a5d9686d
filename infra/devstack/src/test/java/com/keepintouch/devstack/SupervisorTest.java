package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.devstack.StackStatus.State;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions, on processes that are only flags and a clock that moves when told. */
class SupervisorTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final List<String> log = new ArrayList<>();
    private final List<StackStatus> published = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final FakeChild kafka = new FakeChild("kafka");
    private final FakeChild notifier = new FakeChild("notifier-service");
    private final Supervisor supervisor =
            new Supervisor(clock, Duration.ofSeconds(180), log::add, published::add, () -> {
                List<String> taken = List.copyOf(requests);
                requests.clear();
                return taken;
            });

    @Test
    void restartsAProcessThatDiedAfterItsBackOffAndWaitsUntilItIsReady() {
        supervisor.supervise(List.of(kafka, notifier));
        clock.advance(Duration.ofSeconds(192));
        notifier.dies(137);

        supervisor.tick();
        assertThat(log)
                .containsExactly("notifier-service exited with code 137 after 3m12s; restarting in 1 s (restart 1)");
        assertThat(last("notifier-service").state()).isEqualTo(State.RESTARTING);
        assertThat(last("notifier-service").restarts()).isEqualTo(1);

        clock.advance(Duration.ofMillis(500));
        supervisor.tick();
        assertThat(notifier.starts).isZero();

        clock.advance(Duration.ofMillis(500));
        supervisor.tick();
        assertThat(notifier.starts).isEqualTo(1);
        assertThat(last("notifier-service").state()).isEqualTo(State.STARTING);

        clock.advance(Duration.ofMillis(14_200));
        notifier.ready = true;
        supervisor.tick();
        assertThat(log).last().isEqualTo("notifier-service is up again (pid 1001, ready in 14.2 s)");
        assertThat(last("notifier-service").state()).isEqualTo(State.UP);
        assertThat(last("kafka").state()).isEqualTo(State.UP);
        assertThat(kafka.starts).isZero();
    }

    @Test
    void waitsLongerAfterEachQuickDeathAndOneSecondAgainAfterAMinuteUp() {
        supervisor.supervise(List.of(notifier));
        List<String> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            notifier.dies(1);
            supervisor.tick();
            waits.add(log.get(log.size() - 1).replaceAll(".*restarting in (\\d+ s).*", "$1"));
            clock.advance(Duration.ofSeconds(30));
            supervisor.tick(); // started
            notifier.ready = true;
            supervisor.tick(); // up
            clock.advance(Duration.ofSeconds(10));
        }
        clock.advance(Duration.ofMinutes(1));
        notifier.dies(1);
        supervisor.tick();
        waits.add(log.get(log.size() - 1).replaceAll(".*restarting in (\\d+ s).*", "$1"));

        assertThat(waits).containsExactly("1 s", "2 s", "4 s", "1 s");
        assertThat(last("notifier-service").restarts()).isEqualTo(4);
    }

    @Test
    void aProcessThatDoesNotBecomeReadyInTimeIsKilledAndRestartedLater() {
        supervisor.supervise(List.of(notifier));
        notifier.dies(1);
        supervisor.tick();
        clock.advance(Duration.ofSeconds(1));
        supervisor.tick();
        clock.advance(Duration.ofSeconds(181));

        supervisor.tick();

        assertThat(notifier.kills).isEqualTo(1);
        assertThat(log).contains("notifier-service was not ready within 180 s; killing it");
        assertThat(last("notifier-service").state()).isEqualTo(State.RESTARTING);
        assertThat(last("notifier-service").restarts()).isEqualTo(2);
    }

    @Test
    void aRequestedRestartStopsGracefullyStartsAtOnceAndIsNotCountedAsADeath() {
        supervisor.supervise(List.of(kafka, notifier));
        requests.add("notifier-service");

        supervisor.tick();
        assertThat(notifier.terminations).isEqualTo(1);
        assertThat(last("notifier-service").state()).isEqualTo(State.STOPPING);

        notifier.dies(143);
        supervisor.tick();
        assertThat(notifier.starts).isEqualTo(1);
        notifier.ready = true;
        supervisor.tick();

        assertThat(last("notifier-service").state()).isEqualTo(State.UP);
        assertThat(last("notifier-service").restarts()).isZero();
        assertThat(last("notifier-service").requested()).isEqualTo(1);
        assertThat(log).noneMatch(line -> line.contains("exited"));
    }

    @Test
    void aProcessThatIgnoresTheGracefulStopIsKilledAfterItsGracePeriod() {
        supervisor.supervise(List.of(notifier));
        requests.add("notifier-service");
        supervisor.tick();
        clock.advance(Duration.ofSeconds(31));

        supervisor.tick();

        assertThat(notifier.kills).isEqualTo(1);
        assertThat(notifier.starts).isEqualTo(1);
    }

    @Test
    void aRequestForAnUnknownNameIsReportedWithTheValidNames() {
        supervisor.supervise(List.of(kafka, notifier));
        requests.add("mailer");

        supervisor.tick();

        assertThat(log)
                .containsExactly(
                        "ignoring a restart request for mailer, which is not a process of this stack; choose one of kafka,"
                                + " notifier-service");
    }

    @Test
    void startsNothingOnceStopping() {
        supervisor.supervise(List.of(kafka, notifier));
        notifier.dies(137);
        supervisor.tick();
        supervisor.stop();
        kafka.dies(143);
        clock.advance(Duration.ofMinutes(1));

        supervisor.tick();

        assertThat(notifier.starts).isZero();
        assertThat(kafka.starts).isZero();
        assertThat(published).last().extracting(StackStatus::stopping).isEqualTo(true);
        assertThat(supervisor.supervise(List.of(kafka))).isFalse();
    }

    private StackStatus.Process last(String name) {
        return published.get(published.size() - 1).process(name).orElseThrow();
    }

    private final class FakeChild implements Supervisor.Child {
        private final String name;
        private boolean alive = true;
        private boolean ready = true;
        private int exitCode;
        private long pid = 1000;
        private int starts;
        private int terminations;
        private int kills;

        FakeChild(String name) {
            this.name = name;
        }

        void dies(int code) {
            alive = false;
            ready = false;
            exitCode = code;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() throws IOException {
            starts++;
            pid++;
            alive = true;
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        @Override
        public boolean isReady() {
            return alive && ready;
        }

        @Override
        public String exitStatus() {
            return alive ? "-" : Integer.toString(exitCode);
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public Instant startedAt() {
            return clock.instant();
        }

        @Override
        public Probe probe() {
            return Probe.portOpen("127.0.0.1", 9);
        }

        @Override
        public Duration stopGrace() {
            return Duration.ofSeconds(30);
        }

        @Override
        public void terminate() {
            terminations++;
        }

        @Override
        public void kill() {
            kills++;
            dies(137);
        }
    }

    /** A clock the test moves (the testkit's SettableClock would bring Spring Boot's logging, which clashes with the broker's). */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
