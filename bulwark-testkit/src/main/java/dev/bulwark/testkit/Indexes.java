package dev.bulwark.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.bulwark.core.Hex;

/** Renders the text files of a Debian-style archive: Packages stanzas, Release, pool paths. */
final class Indexes {
    /** The fixed Release date (RFC 2822) and its epoch second. */
    static final String RELEASE_DATE = "Sat, 01 Nov 2025 00:00:00 UTC";
    static final long RELEASE_EPOCH = 1_761_955_200L;

    private Indexes() {
    }

    /** {@code pool/<comp>/<first letter or libX>/<source>/<file>.deb} */
    static String poolPath(String component, FakeDeb deb) {
        String source = deb.source();
        String prefix = source.startsWith("lib") && source.length() > 3 ? source.substring(0, 4) : source.substring(0, 1);
        return "pool/" + component + "/" + prefix + "/" + source + "/" + deb.fileName();
    }

    /** A Packages index: one stanza per deb, blank line between stanzas. */
    static byte[] packages(String component, Collection<FakeDeb> debs) {
        StringBuilder out = new StringBuilder();
        for (FakeDeb deb : debs) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(deb.controlStanza())
                    .append("Filename: ").append(poolPath(component, deb)).append('\n')
                    .append("Size: ").append(deb.size()).append('\n')
                    .append("SHA256: ").append(deb.sha256()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The Release file; {@code listed} maps paths relative to {@code dists/<suite>/} to their bytes. */
    static String release(String suite, List<String> archs, Collection<String> components, Map<String, byte[]> listed) {
        return release(suite, archs, components, listed, RELEASE_DATE);
    }

    /** The Release file with another {@code Date:} (RFC 2822), for a suite that changes after it was published. */
    static String release(String suite, List<String> archs, Collection<String> components, Map<String, byte[]> listed,
            String date) {
        StringBuilder out = new StringBuilder()
                .append("Origin: Bulwark Testkit\n")
                .append("Label: Bulwark Testkit\n")
                .append("Suite: ").append(suite).append('\n')
                .append("Codename: ").append(suite).append('\n')
                .append("Date: ").append(date).append('\n')
                .append("Architectures: ").append(String.join(" ", archs)).append('\n')
                .append("Components: ").append(String.join(" ", components)).append('\n')
                .append("Description: fake archive served by bulwark-testkit\n")
                .append("No-Support-for-Architecture-all: Packages\n")
                .append("SHA256:\n");
        listed.forEach((path, bytes) -> out.append(String.format(" %s %16d %s", sha256(bytes), bytes.length, path))
                .append('\n'));
        return out.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
