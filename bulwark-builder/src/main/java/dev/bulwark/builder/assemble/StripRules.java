package dev.bulwark.builder.assemble;

import java.util.Set;

/**
 * Which package paths a spec's {@code strip:} list removes. {@code docs}: /usr/share/doc (except every
 * {@code copyright} file, which licences require us to keep), /usr/share/info, /usr/share/lintian,
 * /usr/share/bug; {@code man}: /usr/share/man; {@code locales}: message catalogs under /usr/share/locale (not
 * {@code locale.alias}). Directories that end up empty stay; they cost a few bytes and keep md5sums honest.
 */
final class StripRules {
    private final boolean docs;
    private final boolean man;
    private final boolean locales;

    StripRules(Set<String> strip) {
        this.docs = strip.contains("docs");
        this.man = strip.contains("man");
        this.locales = strip.contains("locales");
    }

    /** Whether a non-directory entry at {@code path} is removed. */
    boolean strips(String path) {
        if (docs) {
            if (path.startsWith("/usr/share/doc/")) {
                // Keep copyright files and /usr/share/doc/<pkg> itself, which is often a symlink to the doc directory
                // of another package of the same source (where that copyright file lives).
                return !path.endsWith("/copyright") && path.indexOf('/', "/usr/share/doc/".length()) >= 0;
            }
            if (under(path, "/usr/share/info") || under(path, "/usr/share/lintian") || under(path, "/usr/share/bug")) {
                return true;
            }
        }
        if (man && under(path, "/usr/share/man")) {
            return true;
        }
        return locales && path.startsWith("/usr/share/locale/") && !path.equals("/usr/share/locale/locale.alias");
    }

    /** Whether a directory at {@code path} is removed (only whole trees that cannot hold anything kept). */
    boolean stripsDirectory(String path) {
        if (docs && (under(path, "/usr/share/info") || under(path, "/usr/share/lintian") || under(path, "/usr/share/bug"))) {
            return true;
        }
        if (man && under(path, "/usr/share/man")) {
            return true;
        }
        return locales && path.startsWith("/usr/share/locale/");
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }
}
