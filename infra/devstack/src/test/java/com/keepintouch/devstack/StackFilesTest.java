package com.keepintouch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.devstack.StackStatus.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFilesTest {

    @TempDir
    Path data;

    @Test
    void theStatusReadBackIsTheStatusWritten() {
        StackFiles files = new StackFiles(data);
        StackStatus status = new StackStatus(
                42,
                false,
                List.of(new StackStatus.Process(
                        "kafka",
                        101,
                        State.RESTARTING,
                        Instant.parse("2026-12-01T10:00:00Z"),
                        Instant.parse("2026-12-01T10:05:00Z"),
                        3,
                        1,
                        "tcp://127.0.0.1:9092")));

        files.writeStatus(status);

        assertThat(files.readStatus()).contains(status);
        assertThat(data.resolve("status.json.tmp")).doesNotExist();
    }

    @Test
    void eachRestartRequestIsTakenOnce() {
        StackFiles files = new StackFiles(data);
        files.requestRestart("contact-service");
        files.requestRestart("contact-service");
        files.requestRestart("kafka");

        assertThat(files.takeRestartRequests()).containsExactly("contact-service", "kafka");
        assertThat(files.takeRestartRequests()).isEmpty();
    }

    @Test
    void aLauncherThatIsGoneOrAPidReusedIsNotRunningAndReleaseLeavesNoStateBehind() throws Exception {
        StackFiles files = new StackFiles(data);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        files.claim(gone.pid());
        files.writeStatus(new StackStatus(gone.pid(), false, List.of()));

        assertThat(files.runningLauncher()).isEmpty();
        assertThat(files.recordedLauncher()).contains(gone.pid());

        files.claim(ProcessHandle.current().pid());
        assertThat(files.runningLauncher())
                .as("a live process that is no launcher")
                .isEmpty();
        assertThat(Files.exists(files.statusFile())).isFalse();

        files.release();
        assertThat(Files.exists(files.pidFile())).isFalse();
    }
}
