package dev.bulwark.image.components;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Python distributions from their core metadata ({@code *.dist-info/METADATA}, {@code *.egg-info/PKG-INFO} or an
 * {@code *.egg-info} file): {@code Name} and {@code Version}, and the licence from {@code License-Expression}, else a
 * one-line {@code License}, else the {@code License ::} trove classifiers.
 */
final class PythonMetadata {
    static final int MAX_METADATA = 1 << 20;
    private static final int MAX_LICENSE_FIELD = 100;

    private PythonMetadata() {
    }

    /** Whether {@code path} is a metadata file this reader understands. */
    static boolean isMetadata(String path) {
        return path.endsWith(".dist-info/METADATA") || path.endsWith(".egg-info/PKG-INFO") || path.endsWith(".egg-info");
    }

    /** The distribution {@code bytes} describe, or null when they name no name and version. */
    static Component parse(byte[] bytes, String location) {
        String name = null;
        String version = null;
        String expression = null;
        String license = null;
        Set<String> classifiers = new LinkedHashSet<>();
        List<String> lines = headerLines(new String(bytes, StandardCharsets.UTF_8));
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "Name" -> name = value;
                case "Version" -> version = value;
                case "License-Expression" -> expression = value;
                case "License" -> license = value.contains("\n") || value.length() > MAX_LICENSE_FIELD ? null : value;
                case "Classifier" -> {
                    if (value.startsWith("License ::")) {
                        String last = value.substring(value.lastIndexOf("::") + 2).strip();
                        classifiers.add(DeclaredLicenses.normalize(last));
                    }
                }
                default -> {
                }
            }
        }
        if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
            return null;
        }
        List<String> licenses = new ArrayList<>();
        if (expression != null && !expression.isEmpty()) {
            licenses.add(expression);
        } else if (license != null && !license.isEmpty() && !license.equalsIgnoreCase("UNKNOWN")) {
            licenses.add(DeclaredLicenses.normalize(license));
        } else {
            classifiers.stream().filter(c -> c != null && !c.equals("OSI Approved")).forEach(licenses::add);
        }
        return new Component(Ecosystem.PYPI, null, name, version, licenses, location, null);
    }

    /** The header lines up to the first blank line (the description body follows it), continuations joined. */
    private static List<String> headerLines(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            if (raw.isEmpty()) {
                break;
            }
            if ((raw.startsWith(" ") || raw.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "\n" + raw.strip());
            } else {
                out.add(raw);
            }
        }
        return out;
    }
}
