package dev.bulwark.oci.transport.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code WWW-Authenticate} challenge: a scheme ({@code basic} or {@code bearer}, lower case) and its
 * parameters ({@code realm}, {@code service}, {@code scope}, …).
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Map.copyOf(params);
    }

    /** Parses {@code Bearer realm="https://auth/token",service="reg",scope="repository:a:pull"}. */
    public static Challenge parse(String header) {
        String h = header == null ? "" : header.trim();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                        i++;
                    }
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            params.put(key, value.toString().trim());
        }
        return new Challenge(scheme, params);
    }

    public String param(String name) {
        return params.get(name);
    }
}
