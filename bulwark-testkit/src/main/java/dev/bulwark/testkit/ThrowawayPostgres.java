package dev.bulwark.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL cluster for one test run: {@code initdb} into a temporary directory, {@code pg_ctl} on a free
 * loopback port (trust authentication, user {@code bulwark}, no fsync: a
 * stopped server keeps every commit, a machine crash would not), removed on close. PostgreSQL refuses to run
 * as root, so as root the server runs as {@code nobody} (setpriv) with a data directory owned by it. The binaries
 * come from {@code BULWARK_PG_BIN}, else Debian 12's {@code /usr/lib/postgresql/15/bin}.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    public static final String USER = "bulwark";
    private static final int NOBODY = 65534;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private ThrowawayPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Where the server binaries are looked for. */
    public static Path binDir() {
        String fromEnv = System.getenv("BULWARK_PG_BIN");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "/usr/lib/postgresql/15/bin");
    }

    public static boolean available() {
        Path bin = binDir();
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("createdb"));
    }

    /**
     * Starts a cluster; when the binaries are missing, fails the test under {@code CI=true} and skips it otherwise.
     */
    public static ThrowawayPostgres startOrSkip() throws IOException {
        if (!available()) {
            String why = "PostgreSQL server binaries (initdb, pg_ctl, createdb) are not in " + binDir()
                    + "; install Debian's 'postgresql' package or set BULWARK_PG_BIN";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why + " (CI=true)");
            }
            Assumptions.abort(why);
        }
        return start();
    }

    public static ThrowawayPostgres start() throws IOException {
        Path dir = Files.createTempDirectory("bulwark-pg-");
        ThrowawayPostgres pg = new ThrowawayPostgres(binDir(), dir, freePort());
        try {
            if (isRoot()) {
                Files.setAttribute(dir, "unix:uid", NOBODY);
                Files.setAttribute(dir, "unix:gid", NOBODY);
            }
            pg.server("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--locale=C", "--no-sync");
            pg.startServer();
            return pg;
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** {@code postgresql://bulwark@127.0.0.1:PORT/DATABASE}, the form a user types. */
    public String url(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Creates a new, empty database and returns its name. */
    public String createDatabase() throws IOException {
        String name = "test" + databases.incrementAndGet();
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name));
        return name;
    }

    /** Stops the server at once (as a crash would); {@link #startServer()} brings it back with its data. */
    public void stopServer() throws IOException {
        server("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    }

    public void startServer() throws IOException {
        server("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c full_page_writes=off", "start"); // commits stay synchronous: a crash test keeps them
    }

    /** Runs a server binary, as nobody when we are root. */
    private void server(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private void run(List<String> command) throws IOException {
        Path out = Files.createTempFile("bulwark-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + serverLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.isRegularFile(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                stopServer();
            }
        } catch (IOException e) {
            // Removing the directory below still frees the disk; the server exits when its data is gone.
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
