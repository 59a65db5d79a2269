package dev.bulwark.scan.vex;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A package URL ({@code pkg:type/namespace/name@version?qualifiers}), as far as VEX matching needs it: a statement's
 * purl matches a package's when type, namespace and name agree, the version agrees if the statement gives one, and
 * every qualifier the statement gives is the package's too.
 */
public record Purl(String type, String namespace, String name, String version, Map<String, String> qualifiers) {

    public Purl {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null ? "" : namespace;
        qualifiers = Map.copyOf(qualifiers);
    }

    /** Parses a purl; returns null when the text is not one (OpenVEX products may be other IRIs). */
    public static Purl parse(String text) {
        if (text == null || !text.startsWith("pkg:")) {
            return null;
        }
        String rest = text.substring(4);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        Map<String, String> qualifiers = new TreeMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    qualifiers.put(pair.substring(0, eq).toLowerCase(java.util.Locale.ROOT), decode(pair.substring(eq + 1)));
                }
            }
            rest = rest.substring(0, q);
        }
        String version = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            version = decode(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String type = rest.substring(0, slash).toLowerCase(java.util.Locale.ROOT);
        String path = rest.substring(slash + 1);
        int last = path.lastIndexOf('/');
        String namespace = last < 0 ? "" : decode(path.substring(0, last));
        String name = decode(last < 0 ? path : path.substring(last + 1));
        return name.isEmpty() ? null : new Purl(type, namespace, name, version, qualifiers);
    }

    /** Whether this (a statement's) purl covers {@code other} (a package's). */
    public boolean covers(Purl other) {
        if (other == null || !type.equals(other.type) || !namespace.equals(other.namespace) || !name.equals(other.name)) {
            return false;
        }
        if (version != null && !version.equals(other.version)) {
            return false;
        }
        for (Map.Entry<String, String> e : qualifiers.entrySet()) {
            if (!e.getValue().equals(other.qualifiers.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The canonical text: qualifiers sorted, version and values percent-encoded where needed. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("pkg:").append(type).append('/');
        if (!namespace.isEmpty()) {
            b.append(encode(namespace)).append('/');
        }
        b.append(encode(name));
        if (version != null) {
            b.append('@').append(encode(version));
        }
        String sep = "?";
        for (Map.Entry<String, String> e : new TreeMap<>(qualifiers).entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = "&";
        }
        return b.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%7E", "~").replace("%2F", "/");
    }
}
