package dev.bulwark.image.components;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a licence as package metadata declares it into an SPDX id where the name is a well-known spelling of one
 * (pom {@code <name>}s, Python trove classifiers); anything else is kept as declared, for the SBOM to carry as a
 * named licence.
 */
public final class DeclaredLicenses {
    private static final Pattern SPDX_EXPRESSION = Pattern.compile(
            "\\(?[A-Za-z0-9.+-]+\\)?( (AND|OR|WITH|and|or|with) \\(?[A-Za-z0-9.+-]+\\)?)*");
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("the apache software license, version 2.0", "Apache-2.0"),
            Map.entry("apache license, version 2.0", "Apache-2.0"),
            Map.entry("apache license 2.0", "Apache-2.0"),
            Map.entry("apache 2.0", "Apache-2.0"),
            Map.entry("apache 2", "Apache-2.0"),
            Map.entry("apache-2.0", "Apache-2.0"),
            Map.entry("apache software license", "Apache-2.0"),
            Map.entry("https://www.apache.org/licenses/license-2.0.txt", "Apache-2.0"),
            Map.entry("http://www.apache.org/licenses/license-2.0.txt", "Apache-2.0"),
            Map.entry("https://www.apache.org/licenses/license-2.0", "Apache-2.0"),
            Map.entry("mit license", "MIT"),
            Map.entry("the mit license", "MIT"),
            Map.entry("mit", "MIT"),
            Map.entry("isc license (iscl)", "ISC"),
            Map.entry("isc license", "ISC"),
            Map.entry("bsd license", "BSD-3-Clause"),
            Map.entry("new bsd license", "BSD-3-Clause"),
            Map.entry("the bsd 3-clause license", "BSD-3-Clause"),
            Map.entry("bsd-3-clause", "BSD-3-Clause"),
            Map.entry("bsd 3-clause", "BSD-3-Clause"),
            Map.entry("bsd-2-clause", "BSD-2-Clause"),
            Map.entry("eclipse public license - v 2.0", "EPL-2.0"),
            Map.entry("eclipse public license v2.0", "EPL-2.0"),
            Map.entry("eclipse public license - v 1.0", "EPL-1.0"),
            Map.entry("mozilla public license 2.0 (mpl 2.0)", "MPL-2.0"),
            Map.entry("python software foundation license", "PSF-2.0"),
            Map.entry("gnu lesser general public license v2 or later (lgplv2+)", "LGPL-2.0-or-later"),
            Map.entry("gnu general public license v2 (gplv2)", "GPL-2.0-only"),
            Map.entry("gnu general public license v3 (gplv3)", "GPL-3.0-only"));

    private static final java.util.Set<String> COMMON_IDS = java.util.Set.of("0BSD", "AGPL-3.0-only", "BSD-2-Clause",
            "CC0-1.0", "GPL-3.0-or-later", "GPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only",
            "LGPL-3.0-or-later", "MIT-0", "Python-2.0", "Unlicense", "Zlib", "BSL-1.0", "WTFPL", "CDDL-1.0");

    private DeclaredLicenses() {
    }

    /**
     * Whether {@code license} is an SPDX expression whose every id this class knows (exceptions after {@code WITH}
     * pass): a declared {@code LGPL} reads like an id but is none, and must not be written as one.
     */
    public static boolean isKnownExpression(String license) {
        if (!isSpdxExpression(license)) {
            return false;
        }
        String[] tokens = license.replace("(", " ").replace(")", " ").trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            boolean operator = t.equalsIgnoreCase("AND") || t.equalsIgnoreCase("OR") || t.equalsIgnoreCase("WITH");
            boolean exception = i > 0 && tokens[i - 1].equalsIgnoreCase("WITH");
            if (!operator && !exception && !isKnownId(t) && !t.startsWith("LicenseRef-")) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code license} is one of the SPDX license list ids this class knows (so a writer may use it as an id). */
    public static boolean isKnownId(String license) {
        return KNOWN.containsValue(license) || COMMON_IDS.contains(license);
    }

    /** The SPDX id {@code declared} is a known spelling of, else {@code declared} stripped; null for blank input. */
    public static String normalize(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String d = declared.strip();
        return KNOWN.getOrDefault(d.toLowerCase(Locale.ROOT), d);
    }

    /** Whether {@code license} reads as an SPDX license expression (ids joined by AND / OR / WITH). */
    public static boolean isSpdxExpression(String license) {
        return SPDX_EXPRESSION.matcher(license).matches() && !license.contains("://");
    }
}
