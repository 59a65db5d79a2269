package dev.bulwark.catalog.bump;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference pinned by digest as a consumer writes it: {@code [HOST/]NAME[:TAG]@sha256:HEX}.
 * {@code repository} is {@code HOST/NAME} with Docker's defaults filled in (no host: {@code docker.io}, a one-part
 * name on it: {@code library/NAME}), the key a reference is matched by; {@code tag} may be null.
 */
public record PinnedReference(String repository, String tag, String digest) {
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern PART = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?");

    public PinnedReference {
        Objects.requireNonNull(repository, "repository");
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
    }

    /** The reference {@code s} when it is one pinned by a well-formed sha256 digest; empty otherwise. */
    public static Optional<PinnedReference> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        int at = s.indexOf('@');
        if (at <= 0 || !DIGEST.matcher(s.substring(at + 1)).matches()) {
            return Optional.empty();
        }
        String name = s.substring(0, at);
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        String t = tag;
        return repository(name).map(r -> new PinnedReference(r, t, s.substring(at + 1)));
    }

    /** {@code [HOST/]NAME} → {@code HOST/NAME} with Docker's defaults; empty when it is not a repository name. */
    public static Optional<String> repository(String name) {
        int slash = name.indexOf('/');
        String first = slash < 0 ? name : name.substring(0, slash);
        boolean hasHost = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        String host = hasHost ? first.toLowerCase(Locale.ROOT) : "docker.io";
        String path = hasHost ? name.substring(slash + 1) : name;
        if (hasHost && !HOST.matcher(first).matches()) {
            return Optional.empty();
        }
        for (String part : path.split("/", -1)) {
            if (!PART.matcher(part).matches()) {
                return Optional.empty();
            }
        }
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            host = "docker.io";
        }
        if (host.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        return Optional.of(host + "/" + path);
    }

    @Override
    public String toString() {
        return repository + (tag == null ? "" : ":" + tag) + "@" + digest;
    }
}
