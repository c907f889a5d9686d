package com.keepintouch.devstack;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the launcher tells {@code ./devstack.sh status} and {@code restart}: its pid, whether it is
 * stopping, and each process it supervises, in start order.
 */
record StackStatus(long launcher, boolean stopping, List<Process> processes) {

    StackStatus {
        processes = List.copyOf(processes);
    }

    /** What the supervisor is doing with a process. */
    enum State {
        /** Running and ready. */
        UP,
        /** Started, not ready yet. */
        STARTING,
        /** Died; started again at {@code restartAt}. */
        RESTARTING,
        /** Asked to stop by {@code ./devstack.sh restart}; started again as soon as it is gone. */
        STOPPING
    }

    /**
     * One process: {@code restarts} counts the restarts after it died, {@code requested} those asked
     * for with {@code ./devstack.sh restart}; {@code probe} tells whether it is ready ({@link Probe}).
     */
    record Process(
            String name,
            long pid,
            State state,
            Instant startedAt,
            Instant restartAt,
            int restarts,
            int requested,
            String probe) {}

    List<String> names() {
        return processes.stream().map(Process::name).toList();
    }

    Optional<Process> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
