package dev.bulwark.attest.sbom;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The licenses a Debian package's {@code /usr/share/doc/<pkg>/copyright} names, as SPDX license expressions.
 * Machine-readable (DEP-5) files give their {@code License:} short names, mapped to SPDX identifiers where they
 * map and to {@code LicenseRef-<name>} otherwise; older free-form files give the
 * {@code /usr/share/common-licenses/<name>} files they point to. Exceptions SPDX does not know are dropped.
 */
public final class CopyrightLicenses {
    private static final Pattern LICENSE_LINE = Pattern.compile("(?m)^License:[ \\t]*(\\S[^\\n]*)$");
    private static final Pattern COMMON = Pattern.compile("/usr/share/common-licenses/([A-Za-z0-9.+_-]*[A-Za-z0-9+])");
    private static final Pattern WITH = Pattern.compile("(?i)^(.*?)\\s+with\\s+(\\S+?)(?:[-\\s]+exception)?$");
    private static final Pattern LATER = Pattern.compile("(?i)any\\s+later\\s+version");

    private CopyrightLicenses() {
    }

    /** Distinct expressions in the order the file first names them; empty when it names none. */
    public static List<String> of(String copyrightText) {
        Set<String> out = new LinkedHashSet<>();
        if (isDep5(copyrightText)) {
            Matcher m = LICENSE_LINE.matcher(copyrightText);
            while (m.find()) {
                String expr = toSpdx(m.group(1).trim());
                if (!expr.isEmpty()) {
                    out.add(expr);
                }
            }
        }
        if (out.isEmpty()) {
            boolean later = LATER.matcher(copyrightText).find();
            Matcher m = COMMON.matcher(copyrightText);
            while (m.find()) {
                String name = m.group(1);
                boolean versioned = name.matches("(?i)(A|L)?GPL-[0-9.]+|GFDL-[0-9.]+");
                out.add(toSpdx(later && versioned ? name + "+" : name));
            }
        }
        if (out.isEmpty()) {
            out.addAll(byPhrase(copyrightText));
        }
        return List.copyOf(out);
    }

    /** Well-known licence texts quoted in free-form copyright files, by a phrase each always contains. */
    private static final List<Map.Entry<Pattern, String>> PHRASES = List.of(
            Map.entry(Pattern.compile("(?i)Python Software Foundation License|PSF LICENSE AGREEMENT"), "PSF-2.0"),
            Map.entry(Pattern.compile("(?i)Apache License,?\\s+Version 2\\.0"), "Apache-2.0"),
            Map.entry(Pattern.compile("(?i)Permission is hereby granted, free of charge, to any person obtaining"), "MIT"),
            Map.entry(Pattern.compile("(?i)provided ['‘]as-is['’], without any express or implied\\s+warranty"), "Zlib"),
            Map.entry(Pattern.compile("(?i)Redistribution and use in source and binary forms"), "BSD-3-Clause"));

    private static List<String> byPhrase(String text) {
        List<String> found = new ArrayList<>();
        String flat = text.replaceAll("\\s+", " ");
        for (Map.Entry<Pattern, String> e : PHRASES) {
            if (e.getKey().matcher(flat).find()) {
                String id = e.getValue();
                if (id.equals("BSD-3-Clause") && !flat.contains("Neither the name") && !flat.contains("names of its contributors")) {
                    id = "BSD-2-Clause";
                }
                found.add(id);
            }
        }
        return found;
    }

    static boolean isDep5(String text) {
        for (String line : text.split("\n", 20)) {
            if (!line.isBlank()) {
                return line.startsWith("Format:") || line.startsWith("Format-Specification:");
            }
        }
        return false;
    }

    /** A DEP-5 license short-name expression ({@code GPL-2+ or Artistic}) as an SPDX expression. */
    static String toSpdx(String dep5) {
        List<String> parts = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        for (String word : dep5.replace(",", " and ").replace("(", " ").replace(")", " ").trim().split("\\s+")) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("or") || w.equals("and")) {
                if (term.length() > 0) {
                    parts.add(term(term.toString()));
                    term.setLength(0);
                }
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("OR") && !parts.get(parts.size() - 1).equals("AND")) {
                    parts.add(w.toUpperCase(Locale.ROOT));
                }
            } else {
                term.append(term.length() == 0 ? "" : " ").append(word);
            }
        }
        if (term.length() > 0) {
            parts.add(term(term.toString()));
        } else if (!parts.isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return String.join(" ", parts);
    }

    private static String term(String t) {
        Matcher with = WITH.matcher(t);
        if (with.matches()) {
            String exception = EXCEPTIONS.get(with.group(2).toLowerCase(Locale.ROOT));
            String base = id(with.group(1));
            return exception == null ? base : base + " WITH " + exception;
        }
        return id(t);
    }

    /** The SPDX id for one DEP-5 short name, or {@code LicenseRef-<name>} with characters SPDX allows. */
    static String id(String name) {
        String n = name.trim();
        String mapped = SPDX.get(n.toLowerCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        String ref = n.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
        return "LicenseRef-" + (ref.isEmpty() ? "unknown" : ref);
    }

    private static final Map<String, String> EXCEPTIONS = Map.of(
            "gcc-3.1", "GCC-exception-3.1", "gcc-exception-3.1", "GCC-exception-3.1",
            "autoconf-3.0", "Autoconf-exception-3.0", "classpath", "Classpath-exception-2.0",
            "classpath-2.0", "Classpath-exception-2.0", "font", "Font-exception-2.0",
            "llvm", "LLVM-exception", "bison-2.2", "Bison-exception-2.2");

    /** DEP-5 short names (and SPDX ids people write instead), lower-cased, to SPDX license list ids. */
    private static final Map<String, String> SPDX = Map.ofEntries(
            Map.entry("apache-2.0", "Apache-2.0"), Map.entry("apache-2", "Apache-2.0"),
            Map.entry("apache-1.1", "Apache-1.1"),
            Map.entry("artistic", "Artistic-1.0-Perl"), Map.entry("artistic-1.0", "Artistic-1.0"),
            Map.entry("artistic-2.0", "Artistic-2.0"),
            Map.entry("bsd", "BSD-3-Clause"), Map.entry("bsd-2-clause", "BSD-2-Clause"),
            Map.entry("bsd-3-clause", "BSD-3-Clause"), Map.entry("bsd-4-clause", "BSD-4-Clause"),
            Map.entry("0bsd", "0BSD"), Map.entry("bsl-1.0", "BSL-1.0"), Map.entry("boost-1.0", "BSL-1.0"),
            Map.entry("cc0-1.0", "CC0-1.0"), Map.entry("cc0", "CC0-1.0"),
            Map.entry("cc-by-3.0", "CC-BY-3.0"), Map.entry("cc-by-4.0", "CC-BY-4.0"),
            Map.entry("cc-by-sa-3.0", "CC-BY-SA-3.0"), Map.entry("cc-by-sa-4.0", "CC-BY-SA-4.0"),
            Map.entry("expat", "MIT"), Map.entry("mit", "MIT"), Map.entry("mit-0", "MIT-0"), Map.entry("x11", "X11"),
            Map.entry("isc", "ISC"), Map.entry("zlib", "Zlib"), Map.entry("curl", "curl"),
            Map.entry("fsfap", "FSFAP"), Map.entry("fsful", "FSFUL"), Map.entry("fsfullr", "FSFULLR"),
            Map.entry("gpl-1", "GPL-1.0-only"), Map.entry("gpl-1+", "GPL-1.0-or-later"),
            Map.entry("gpl-2", "GPL-2.0-only"), Map.entry("gpl-2+", "GPL-2.0-or-later"),
            Map.entry("gpl-2.0", "GPL-2.0-only"), Map.entry("gpl-2.0+", "GPL-2.0-or-later"),
            Map.entry("gpl-2.0-only", "GPL-2.0-only"), Map.entry("gpl-2.0-or-later", "GPL-2.0-or-later"),
            Map.entry("gpl-3", "GPL-3.0-only"), Map.entry("gpl-3+", "GPL-3.0-or-later"),
            Map.entry("gpl-3.0", "GPL-3.0-only"), Map.entry("gpl-3.0+", "GPL-3.0-or-later"),
            Map.entry("gpl-3.0-only", "GPL-3.0-only"), Map.entry("gpl-3.0-or-later", "GPL-3.0-or-later"),
            Map.entry("gpl", "GPL-1.0-or-later"), Map.entry("gpl+", "GPL-1.0-or-later"),
            Map.entry("lgpl-2", "LGPL-2.0-only"), Map.entry("lgpl-2+", "LGPL-2.0-or-later"),
            Map.entry("lgpl-2.0", "LGPL-2.0-only"), Map.entry("lgpl-2.0+", "LGPL-2.0-or-later"),
            Map.entry("lgpl-2.1", "LGPL-2.1-only"), Map.entry("lgpl-2.1+", "LGPL-2.1-or-later"),
            Map.entry("lgpl-2.1-only", "LGPL-2.1-only"), Map.entry("lgpl-2.1-or-later", "LGPL-2.1-or-later"),
            Map.entry("lgpl-3", "LGPL-3.0-only"), Map.entry("lgpl-3+", "LGPL-3.0-or-later"),
            Map.entry("lgpl-3.0", "LGPL-3.0-only"), Map.entry("lgpl-3.0+", "LGPL-3.0-or-later"),
            Map.entry("agpl-3", "AGPL-3.0-only"), Map.entry("agpl-3+", "AGPL-3.0-or-later"),
            Map.entry("gfdl-1.2", "GFDL-1.2-only"), Map.entry("gfdl-1.2+", "GFDL-1.2-or-later"),
            Map.entry("gfdl-1.3", "GFDL-1.3-only"), Map.entry("gfdl-1.3+", "GFDL-1.3-or-later"),
            Map.entry("mpl-1.1", "MPL-1.1"), Map.entry("mpl-2.0", "MPL-2.0"),
            Map.entry("psf-2", "PSF-2.0"), Map.entry("psf-2.0", "PSF-2.0"), Map.entry("python-2.0", "Python-2.0"),
            Map.entry("python", "Python-2.0"),
            Map.entry("openssl", "OpenSSL"), Map.entry("ssleay", "SSLeay-standalone"),
            Map.entry("unicode-dfs-2016", "Unicode-DFS-2016"), Map.entry("unicode-3.0", "Unicode-3.0"),
            Map.entry("ijg", "IJG"), Map.entry("libpng", "Libpng"), Map.entry("libpng-2.0", "libpng-2.0"),
            Map.entry("bzip2-1.0.6", "bzip2-1.0.6"), Map.entry("ofl-1.1", "OFL-1.1"),
            Map.entry("unlicense", "Unlicense"), Map.entry("wtfpl", "WTFPL"), Map.entry("ruby", "Ruby"),
            Map.entry("tcl", "TCL"), Map.entry("x11-distribute-modifications-variant", "X11-distribute-modifications-variant"),
            Map.entry("gpl-2+ with autoconf exception", "GPL-2.0-or-later WITH Autoconf-exception-2.0"),
            Map.entry("epl-1.0", "EPL-1.0"), Map.entry("epl-2.0", "EPL-2.0"), Map.entry("cddl-1.0", "CDDL-1.0"));

    /** Every SPDX id the mapping can produce (tests check each against the SPDX license list). */
    static Set<String> mappedIds() {
        Set<String> ids = new LinkedHashSet<>(SPDX.values());
        ids.removeIf(v -> v.contains(" "));
        return ids;
    }
}
