package com.keepintouch.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher's files in the data directory, through which the other commands talk to it: {@code
 * devstack.pid} (which launcher runs), {@code status.json} (what it supervises, replaced atomically
 * on every change) and {@code requests/NAME.restart} (a restart asked for, which the supervisor
 * takes and deletes).
 */
final class StackFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RESTART = ".restart";

    private final Path data;

    StackFiles(Path data) {
        this.data = data;
    }

    Path pidFile() {
        return data.resolve("devstack.pid");
    }

    Path statusFile() {
        return data.resolve("status.json");
    }

    private Path requests() {
        return data.resolve("requests");
    }

    /** The launcher of this data directory, if one runs (a pid file left by a launcher that is gone counts as none). */
    Optional<ProcessHandle> runningLauncher() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            // A pid the system gave to another process since counts as none.
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(StackFiles::isLauncher);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isLauncher(ProcessHandle process) {
        return process.info()
                .commandLine()
                .map(line -> line.contains(Devstack.class.getName()))
                .orElse(true);
    }

    /** The pid recorded for this data directory's launcher, running or not. */
    Optional<Long> recordedLauncher() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return readStatus().map(StackStatus::launcher);
        }
    }

    void claim(long launcherPid) {
        try {
            Files.createDirectories(data);
            Files.deleteIfExists(statusFile());
            discardRequests();
            Files.writeString(pidFile(), Long.toString(launcherPid), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes what tells others a launcher runs; a file that cannot be removed is recognised as stale later. */
    void release() {
        try {
            Files.deleteIfExists(statusFile());
            discardRequests();
            Files.deleteIfExists(pidFile());
        } catch (IOException | UncheckedIOException ignored) {
            // status and restart check that the launcher named in them is alive
        }
    }

    /** Writes to a temporary file and renames it, so that a reader sees the old state or the new, never half. */
    void writeStatus(StackStatus status) {
        Path temporary = data.resolve("status.json.tmp");
        try {
            Files.writeString(temporary, JSON.writeValueAsString(status), StandardCharsets.UTF_8);
            try {
                Files.move(
                        temporary, statusFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, statusFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<StackStatus> readStatus() {
        try {
            return Optional.of(JSON.readValue(Files.readString(statusFile()), StackStatus.class));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    void requestRestart(String name) {
        try {
            Files.createDirectories(requests());
            Path request = requests().resolve(name + RESTART);
            if (!Files.exists(request)) {
                Files.createFile(request);
            }
        } catch (FileAlreadyExistsException alreadyAsked) {
            // the same restart is already waiting to be taken
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the processes whose restart was asked for since the last call; each request is taken once. */
    List<String> takeRestartRequests() {
        if (!Files.isDirectory(requests())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(requests())) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(RESTART) && Files.deleteIfExists(file)) {
                    names.add(fileName.substring(0, fileName.length() - RESTART.length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private void discardRequests() throws IOException {
        if (Files.isDirectory(requests())) {
            try (Stream<Path> files = Files.list(requests())) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
