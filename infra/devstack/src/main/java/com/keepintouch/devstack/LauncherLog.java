package com.keepintouch.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the launcher says, one line per event: on its console, and appended with the time to {@code
 * devstack.log} in the logs directory, so that restarts seen at night can be read in the morning.
 */
final class LauncherLog implements Consumer<String> {

    private final Path file;

    LauncherLog(Path logs) {
        this.file = logs.resolve("devstack.log");
    }

    @Override
    public synchronized void accept(String line) {
        System.out.println("devstack: " + line);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    Instant.now() + " " + line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("devstack: cannot append to " + file + ": " + e.getMessage());
        }
    }
}
