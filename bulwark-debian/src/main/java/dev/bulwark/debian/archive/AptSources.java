package dev.bulwark.debian.archive;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The host's apt sources: one-line {@code sources.list} entries and deb822 {@code .sources} files. Only what Bulwark
 * needs is kept: type, base URIs, suites and components.
 */
public final class AptSources {

    /** One source: {@code deb URI suite component…}. */
    public record Entry(URI uri, List<String> suites, List<String> components, String origin) {
        public Entry {
            suites = List.copyOf(suites);
            components = List.copyOf(components);
        }
    }

    private AptSources() {
    }

    /** Reads {@code etc/apt/sources.list} and {@code etc/apt/sources.list.d/*.{list,sources}} under {@code aptDir}. */
    public static List<Entry> read(Path aptDir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Path list = aptDir.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            entries.addAll(parseList(Files.readString(list, StandardCharsets.UTF_8), list.toString()));
        }
        Path dir = aptDir.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(files::add);
            }
            files.sort(null);
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".list")) {
                    entries.addAll(parseList(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
                } else if (name.endsWith(".sources")) {
                    entries.addAll(parseDeb822(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
                }
            }
        }
        return entries;
    }

    /** One-line format: {@code deb [options] URI suite [component…]}; {@code deb-src} lines are ignored. */
    public static List<Entry> parseList(String text, String origin) {
        List<Entry> entries = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = stripComment(raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            line = line.replaceAll("\\[[^]]*]", " ").trim();
            String[] words = line.split("\\s+");
            if (words.length < 3 || !words[0].equals("deb")) {
                continue;
            }
            URI uri = toUri(words[1]);
            if (uri != null) {
                entries.add(new Entry(uri, List.of(words[2]),
                        Arrays.asList(words).subList(3, words.length), origin + ":" + lineNo));
            }
        }
        return entries;
    }

    /** deb822 format: stanzas with Types, URIs, Suites, Components; {@code Enabled: no} stanzas are skipped. */
    public static List<Entry> parseDeb822(String text, String origin) {
        List<Entry> entries = new ArrayList<>();
        int lineNo = 0;
        int stanzaLine = 1;
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        String last = null;
        for (String raw : (text + "\n\n").split("\n", -1)) {
            lineNo++;
            if (raw.startsWith("#")) {
                if (fields.isEmpty()) {
                    stanzaLine = lineNo + 1;
                }
                continue;
            }
            if (raw.isBlank()) {
                if (!fields.isEmpty()) {
                    addStanza(fields, origin + ":" + stanzaLine, entries);
                    fields.clear();
                }
                last = null;
                stanzaLine = lineNo + 1;
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && last != null) {
                fields.merge(last, " " + raw.trim(), String::concat);
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon > 0) {
                last = raw.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                fields.put(last, raw.substring(colon + 1).trim());
            }
        }
        return entries;
    }

    private static void addStanza(java.util.Map<String, String> f, String origin, List<Entry> out) {
        if ("no".equalsIgnoreCase(f.getOrDefault("enabled", "yes"))) {
            return;
        }
        List<String> types = words(f.get("types"));
        if (!types.contains("deb")) {
            return;
        }
        for (String u : words(f.get("uris"))) {
            URI uri = toUri(u);
            if (uri != null) {
                out.add(new Entry(uri, words(f.get("suites")), words(f.get("components")), origin));
            }
        }
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash >= 0 ? line.substring(0, hash) : line;
    }

    private static URI toUri(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text : text + "/");
            String scheme = uri.getScheme();
            return "http".equals(scheme) || "https".equals(scheme) || "file".equals(scheme) ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
