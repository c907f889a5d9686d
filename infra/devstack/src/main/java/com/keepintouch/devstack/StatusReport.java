package com.keepintouch.devstack;

import com.keepintouch.devstack.StackStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table {@code ./devstack.sh status} prints: the launcher's state of each process, checked live. */
final class StatusReport {

    private static final List<String> HEADINGS = List.of("NAME", "PID", "UPTIME", "RESTARTS", "REQUESTED", "HEALTH");

    /** What {@code status} found itself: whether the process runs, and whether its probe answers. */
    record Live(boolean alive, boolean ready) {}

    private StatusReport() {}

    /** One row per process, in start order, columns aligned; a process missing from {@code live} counts as gone. */
    static String table(StackStatus status, Map<String, Live> live, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (StackStatus.Process process : status.processes()) {
            Live found = live.getOrDefault(process.name(), new Live(false, false));
            rows.add(List.of(
                    process.name(),
                    found.alive() ? Long.toString(process.pid()) : "-",
                    found.alive() && process.startedAt() != null
                            ? brief(Duration.between(process.startedAt(), now))
                            : "-",
                    Integer.toString(process.restarts()),
                    Integer.toString(process.requested()),
                    health(process, found, now)));
        }
        int[] widths = new int[HEADINGS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row.get(i), widths[i]));
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** UP, DOWN, STARTING, or RESTARTING (in N s while the supervisor waits out its back-off). */
    static String health(StackStatus.Process process, Live live, Instant now) {
        State state = process.state();
        if (state == State.RESTARTING) {
            long millis = process.restartAt() == null
                    ? 0
                    : Math.max(0, Duration.between(now, process.restartAt()).toMillis());
            return "RESTARTING in " + (millis + 999) / 1000 + " s";
        }
        if (state == State.STOPPING) {
            return "RESTARTING";
        }
        if (live.alive() && live.ready()) {
            return "UP";
        }
        return state == State.STARTING && live.alive() ? "STARTING" : "DOWN";
    }

    static boolean allUp(StackStatus status, Map<String, Live> live, Instant now) {
        return status.processes().stream()
                .allMatch(p -> health(p, live.getOrDefault(p.name(), new Live(false, false)), now)
                        .equals("UP"));
    }

    /** A duration as a person reads it at a glance: 45s, 3m12s, 2h05m, 3d04h. */
    static String brief(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60);
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds % 3600 / 60);
        }
        return seconds / 86_400 + "d" + String.format(Locale.ROOT, "%02dh", seconds % 86_400 / 3600);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
