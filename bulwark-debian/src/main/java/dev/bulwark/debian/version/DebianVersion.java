package dev.bulwark.debian.version;

import java.util.Objects;

/**
 * A Debian package version {@code [epoch:]upstream[-revision]} as defined by Debian policy 5.6.12, ordered exactly
 * like {@code dpkg --compare-versions}.
 *
 * <p>{@code revision} is {@code ""} when absent. {@code epochWritten} records whether the text carried an epoch, so
 * that {@code toString()} gives back the parsed text exactly ({@code "0:1.0"} stays {@code "0:1.0"}); it is always
 * true when {@code epoch != 0}.
 *
 * <p>{@link #equals} is textual identity while {@link #compareTo} is dpkg's equivalence: {@code 1.01} and {@code 1.1}
 * (or {@code 1.0} and {@code 0:1.0-0}) compare as 0 but are not equal. Use {@code compareTo} to decide ordering
 * questions such as dependency satisfaction.
 */
public record DebianVersion(int epoch, String upstream, String revision, boolean epochWritten)
        implements Comparable<DebianVersion> {

    public DebianVersion {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(revision, "revision");
        epochWritten = epochWritten || epoch != 0;
        String problem = problem(epoch, upstream, revision, epochWritten);
        if (problem != null) {
            throw new IllegalArgumentException("cannot create version \""
                    + render(epoch, upstream, revision, epochWritten) + "\": " + problem);
        }
    }

    /** A version whose epoch is written only when it is not 0. */
    public DebianVersion(int epoch, String upstream, String revision) {
        this(epoch, upstream, revision, epoch != 0);
    }

    /** Parses {@code [epoch:]upstream[-revision]}; the revision starts after the last hyphen. */
    public static DebianVersion parse(String s) throws VersionParseException {
        Objects.requireNonNull(s, "version text");
        if (s.isEmpty()) {
            throw new VersionParseException(s, "version is empty");
        }
        int colon = s.indexOf(':');
        int epoch = 0;
        if (colon >= 0) {
            epoch = parseEpoch(s, s.substring(0, colon));
        }
        String rest = s.substring(colon + 1);
        int hyphen = rest.lastIndexOf('-');
        String upstream = hyphen < 0 ? rest : rest.substring(0, hyphen);
        String revision = hyphen < 0 ? "" : rest.substring(hyphen + 1);
        if (hyphen >= 0 && revision.isEmpty()) {
            throw new VersionParseException(s, "revision after the last '-' is empty");
        }
        String problem = problem(epoch, upstream, revision, colon >= 0);
        if (problem != null) {
            throw new VersionParseException(s, problem);
        }
        return new DebianVersion(epoch, upstream, revision, colon >= 0);
    }

    private static int parseEpoch(String input, String text) throws VersionParseException {
        if (text.isEmpty()) {
            throw new VersionParseException(input, "epoch before ':' is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                throw new VersionParseException(input, "epoch \"" + text + "\" is not a non-negative integer");
            }
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            // dpkg accepts "01:", but then the text would not round-trip; no archive uses it.
            throw new VersionParseException(input, "epoch \"" + text + "\" has a leading zero");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new VersionParseException(input, "epoch \"" + text + "\" is too large");
        }
    }

    /** Why these parts do not form a policy-conforming version, or null when they do. */
    private static String problem(int epoch, String upstream, String revision, boolean epochWritten) {
        if (epoch < 0) {
            return "epoch " + epoch + " is negative";
        }
        if (upstream.isEmpty()) {
            return "upstream version is empty";
        }
        if (!isDigit(upstream.charAt(0))) {
            return "upstream version \"" + upstream + "\" does not start with a digit";
        }
        for (int i = 0; i < upstream.length(); i++) {
            char c = upstream.charAt(i);
            boolean allowed = isAlnum(c) || c == '.' || c == '+' || c == '~'
                    || (c == '-' && !revision.isEmpty()) || (c == ':' && epochWritten);
            if (!allowed) {
                return "upstream version \"" + upstream + "\" contains '" + c + "'"
                        + (c == '-' ? " but there is no revision" : c == ':' ? " but there is no epoch" : "");
            }
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '+' && c != '~') {
                return "revision \"" + revision + "\" contains '" + c + "'";
            }
        }
        return null;
    }

    /** dpkg's order: epoch numerically, then upstream, then revision, each with dpkg's fragment comparison. */
    @Override
    public int compareTo(DebianVersion o) {
        int c = Integer.compare(epoch, o.epoch);
        if (c == 0) {
            c = compareFragment(upstream, o.upstream);
        }
        if (c == 0) {
            c = compareFragment(revision, o.revision);
        }
        return Integer.signum(c);
    }

    /** The text this version was parsed from. */
    @Override
    public String toString() {
        return render(epoch, upstream, revision, epochWritten);
    }

    private static String render(int epoch, String upstream, String revision, boolean epochWritten) {
        return (epochWritten ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }

    /**
     * dpkg's {@code verrevcmp}: alternate non-digit runs (compared char by char with {@link #order}) and digit
     * runs (compared numerically, leading zeros ignored). Past the end a string reads as NUL.
     */
    static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int ac = order(charAt(a, i));
                int bc = order(charAt(b, j));
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (charAt(a, i) == '0') {
                i++;
            }
            while (charAt(b, j) == '0') {
                j++;
            }
            int firstDiff = 0;
            while (isDigit(charAt(a, i)) && isDigit(charAt(b, j))) {
                if (firstDiff == 0) {
                    firstDiff = charAt(a, i) - charAt(b, j);
                }
                i++;
                j++;
            }
            if (isDigit(charAt(a, i))) {
                return 1;
            }
            if (isDigit(charAt(b, j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    /** '~' sorts before the end of the string, which sorts before letters, which sort before other characters. */
    private static int order(char c) {
        if (isDigit(c)) {
            return 0;
        }
        if (isAlpha(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c == 0 ? 0 : c + 256;
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isAlpha(c);
    }
}
