package dev.bulwark.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real programs for images that tests run: copies host binaries (e.g. /usr/bin/dash, /usr/bin/sleep) and the shared
 * libraries and loader {@code ldd} names for them into a {@link FakeDeb.Builder}, at the same paths. The package is
 * built by the test like any fake .deb; only the bytes come from the host. Needs ldd (libc-bin) and a host of the
 * image's architecture.
 */
public final class HostBinaries {
    private static final Pattern LIB = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    private HostBinaries() {
    }

    /** Adds each binary as {@code imagePath=hostPath} or a host path (the same in the image), with its libraries. */
    public static FakeDeb.Builder add(FakeDeb.Builder deb, String... binaries) {
        Set<String> libs = new LinkedHashSet<>();
        for (String b : binaries) {
            String[] parts = b.split("=", 2);
            String imagePath = parts[0];
            Path host = Path.of(parts.length == 2 ? parts[1] : parts[0]);
            deb.file(imagePath, read(host), 0755);
            libs.addAll(libraries(host));
        }
        for (String lib : libs) {
            deb.file(lib, read(Path.of(lib)), 0755);
        }
        return deb;
    }

    /** Whether this host can provide binaries: ldd present and {@code binary} dynamically resolvable. */
    public static boolean available(String binary) {
        try {
            return Files.isExecutable(Path.of(binary)) && !libraries(Path.of(binary)).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> libraries(Path binary) {
        try {
            Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ldd " + binary + " failed: " + out);
            }
            List<String> libs = new ArrayList<>();
            for (String line : out.lines().toList()) {
                Matcher m = LIB.matcher(line);
                if (m.find()) {
                    libs.add(m.group(1));
                }
            }
            return libs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ldd (libc-bin): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
