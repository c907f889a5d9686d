package com.keepintouch.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Dovecot, Debian's {@code dovecot-imapd}, as a second IMAP server next to GreenMail: a real,
 * independent implementation to hold mailbox sync to. It runs as a child process on free loopback
 * ports with a configuration of its own in a temporary directory (no system configuration is
 * read): users in passwd-files with plain passwords, Maildir mail under the same directory, plain
 * IMAP with STARTTLS offered on {@link #port()} and IMAP over TLS on {@link #tlsPort()}, both with a
 * self-signed certificate ({@link #certificate()}), the log in {@link #log()}.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final Dovecot DOVECOT = new Dovecot();})
 * it starts before the class's {@code @BeforeAll} methods, stops after the class, and skips the
 * class, saying why, where Dovecot is not installed. Outside JUnit: {@link #start()} and {@link
 * #close()}.
 */
public final class Dovecot implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** Where Debian's {@code dovecot-core} installs the server. */
    public static final Path EXECUTABLE = Path.of("/usr/sbin/dovecot");

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** A mail user of this server. */
    public record Account(String username, String password) {}

    private Path dir;
    private int port;
    private int tlsPort;
    private Process process;
    private Thread stopOnExit;

    /** Whether Dovecot is installed here. */
    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(
                installed(),
                "needs Dovecot, which is not installed (" + EXECUTABLE
                        + " is missing): apt-get install dovecot-imapd (.ci/run installs it)");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Writes the configuration and a certificate, starts Dovecot and waits until it greets an IMAP client. */
    public synchronized Dovecot start() {
        if (process != null) {
            return this;
        }
        if (!installed()) {
            throw new IllegalStateException(
                    "Dovecot is not installed (" + EXECUTABLE + " is missing): apt-get install dovecot-imapd");
        }
        try {
            dir = Files.createTempDirectory("dovecot-");
            // The login, auth and mail processes run as Dovecot's own users and as the mail user:
            // they must reach into the directory, and the mail user must write its mail there.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path mail = Files.createDirectory(dir.resolve("mail"));
            Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.createDirectory(users());
            selfSignedCertificate();
            port = freePort();
            tlsPort = freePort();
            Files.writeString(dir.resolve("dovecot.conf"), configuration());
            process = new ProcessBuilder(
                            EXECUTABLE.toString(),
                            "-F",
                            "-c",
                            dir.resolve("dovecot.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dovecot.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Dovecot: " + e.getMessage(), e);
        }
        stopOnExit = new Thread(this::stopProcesses, "dovecot-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        awaitGreeting();
        return this;
    }

    /** A new user with a random password. */
    public synchronized Account user(String username) {
        if (!username.matches("[A-Za-z0-9._@+-]+")) {
            throw new IllegalArgumentException("a Dovecot test user is letters, digits and ._@+-, not " + username);
        }
        Account account = new Account(username, UUID.randomUUID().toString());
        try {
            // A file per user: Dovecot reads a passwd-file at most once a second, so a user added
            // to one shared file right after a login could stay unknown for that second.
            Files.writeString(
                    users().resolve(account.username()),
                    account.username() + ":{PLAIN}" + account.password() + "::::::\n",
                    StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return account;
    }

    public String host() {
        return HOST;
    }

    /** Plain IMAP, with STARTTLS offered. */
    public int port() {
        return port;
    }

    /** IMAP over TLS from the first byte. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The server's self-signed certificate (PEM), for a client that should trust it. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    public Path log() {
        return dir.resolve("dovecot.log");
    }

    /** Stops Dovecot and its processes and removes its directory. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
        process = null;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no failure of the test
        }
    }

    /**
     * SIGTERM to the master, which stops its children; whatever of the process tree is left after
     * the grace period is killed, as a kill of the process group would.
     */
    private void stopProcesses() {
        Process master = process;
        if (master == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(master.toHandle()), master.descendants())
                .toList();
        master.destroy();
        try {
            master.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitGreeting() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Dovecot exited with code " + process.exitValue() + " while starting:\n" + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1_000);
                socket.setSoTimeout(5_000);
                String greeting = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                if (greeting != null && greeting.startsWith("* OK")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                stopProcesses();
                throw new IllegalStateException(
                        "Dovecot did not greet an IMAP client within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Dovecot");
            }
        }
    }

    private String configuration() throws IOException {
        boolean root = "0".equals(String.valueOf(Files.getAttribute(dir, "unix:uid")));
        String user = System.getProperty("user.name");
        // Dovecot refuses mail access as root: as root (CI) mail belongs to nobody; otherwise every
        // process runs as the user who started it, without chroot.
        String processUsers = root ? "" : """
                default_internal_user = %1$s
                default_login_user = %1$s
                service anvil {
                  chroot =
                }
                service imap-login {
                  chroot =
                }
                """.formatted(user);
        String mailUser = root ? "uid=nobody gid=nogroup" : "uid=" + user + " gid=" + groupOf(dir);
        return """
                # Written by the testkit's Dovecot fixture; nothing of the system's configuration is read.
                protocols = imap
                listen = %1$s
                base_dir = %2$s/run
                state_dir = %2$s/state
                log_path = %2$s/dovecot.log
                auth_verbose = yes
                ssl = yes
                ssl_cert = <%2$s/cert.pem
                ssl_key = <%2$s/key.pem
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:~/Maildir
                # a test server: mail need not survive a crash of the machine
                mail_fsync = never
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN %2$s/users/%%u
                }
                userdb {
                  driver = static
                  args = %3$s home=%2$s/mail/%%u
                }
                service imap-login {
                  inet_listener imap {
                    address = %1$s
                    port = %4$d
                  }
                  inet_listener imaps {
                    address = %1$s
                    port = %5$d
                    ssl = yes
                  }
                }
                %6$s
                """.formatted(HOST, dir, mailUser, port, tlsPort, processUsers);
    }

    private void selfSignedCertificate() throws IOException {
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:" + HOST,
                        "-keyout",
                        dir.resolve("key.pem").toString(),
                        "-out",
                        dir.resolve("cert.pem").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.out").toFile())
                .start();
        try {
            if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IOException("openssl could not make a self-signed certificate: "
                        + Files.readString(dir.resolve("openssl.out")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate");
        }
        // read by the master, which runs as root or as the user who started it
        Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("rw-------"));
    }

    private Path users() {
        return dir.resolve("users");
    }

    private static String groupOf(Path path) throws IOException {
        return String.valueOf(Files.getAttribute(path, "unix:gid"));
    }

    private String tail() {
        StringBuilder tail = new StringBuilder();
        for (Path file : List.of(dir.resolve("dovecot.out"), log())) {
            try {
                List<String> lines = Files.readAllLines(file);
                lines.subList(Math.max(0, lines.size() - 20), lines.size())
                        .forEach(line -> tail.append(line).append('\n'));
            } catch (IOException | UncheckedIOException missing) {
                // not written yet
            }
        }
        return tail.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
