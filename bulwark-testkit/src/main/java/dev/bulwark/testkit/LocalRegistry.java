package dev.bulwark.testkit;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1, on a free port, with its storage and log in
 * a work directory, optionally behind htpasswd basic auth. It has no referrers API, so clients use the tag
 * scheme. Stops on close.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path log;

    private LocalRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts an open registry (no auth). */
    public static LocalRegistry start(Path workDir) throws IOException {
        return start(workDir, null, null);
    }

    /** Starts a registry that requires {@code user}/{@code password} (basic auth) when both are given. */
    public static LocalRegistry start(Path workDir, String user, String password) throws IOException {
        Files.createDirectories(workDir);
        int port = freePort();
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(workDir.resolve("storage")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append("\n  secret: bulwark-test-secret\n");
        if (user != null && password != null) {
            Path htpasswd = workDir.resolve("htpasswd");
            Files.writeString(htpasswd, htpasswdLine(user, password), StandardCharsets.UTF_8);
            config.append("auth:\n  htpasswd:\n    realm: bulwark-test\n    path: ").append(htpasswd).append('\n');
        }
        Path configFile = workDir.resolve("config.yml");
        Files.writeString(configFile, config, StandardCharsets.UTF_8);
        Path log = workDir.resolve("registry.log");
        Process p = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(p, port, log);
        registry.awaitReady();
        return registry;
    }

    /** An htpasswd line with a bcrypt hash (cost 4: fast, and the registry accepts it). */
    public static String htpasswdLine(String user, String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return user + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4) + "\n";
    }

    /** {@code 127.0.0.1:PORT}, the host part of references to this registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for docker-registry", e);
            }
        }
        close();
        throw new IOException("docker-registry did not answer on " + host() + " within 15 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
