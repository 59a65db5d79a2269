package dev.bulwark.debian.installed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of {@code /etc/os-release} (or {@code /usr/lib/os-release}) that identify a distribution release.
 * Absent fields are empty strings; {@code fields} keeps every assignment for callers that need more.
 */
public record OsRelease(String id, String versionId, String versionCodename, String prettyName,
        Map<String, String> fields) {

    public OsRelease {
        id = id == null ? "" : id;
        versionId = versionId == null ? "" : versionId;
        versionCodename = versionCodename == null ? "" : versionCodename;
        prettyName = prettyName == null ? "" : prettyName;
        fields = Map.copyOf(fields);
    }

    /**
     * Parses the shell-like {@code KEY=value} lines: values may be double- or single-quoted, with backslash escapes
     * inside double quotes; comments and malformed lines are ignored, as systemd does.
     */
    public static OsRelease parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue;
            }
            fields.put(key, unquote(line.substring(eq + 1).strip()));
        }
        return new OsRelease(fields.get("ID"), fields.get("VERSION_ID"), fields.get("VERSION_CODENAME"),
                fields.get("PRETTY_NAME"), fields);
    }

    /** The field's value, when the file assigns it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
