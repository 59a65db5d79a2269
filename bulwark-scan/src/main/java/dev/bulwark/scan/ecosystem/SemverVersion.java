package dev.bulwark.scan.ecosystem;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SemVer 2.0.0 version as npm orders it: major, minor, patch as numbers; a pre-release before its release;
 * pre-release identifiers compared one by one (numbers as numbers and below words, words in ASCII order, fewer
 * identifiers first when all else is equal); build metadata ignored. A leading {@code v} or {@code =} is accepted.
 */
final class SemverVersion implements Comparable<SemverVersion> {
    private static final Pattern SEMVER = Pattern.compile("[v=]?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    private final BigInteger[] core;
    private final String[] pre;

    private SemverVersion(BigInteger[] core, String[] pre) {
        this.core = core;
        this.pre = pre;
    }

    static SemverVersion parse(String version) throws EcosystemVersionException {
        Matcher m = SEMVER.matcher(version.strip());
        if (!m.matches()) {
            throw new EcosystemVersionException("not a semantic version: " + version);
        }
        return new SemverVersion(new BigInteger[] {new BigInteger(m.group(1)), new BigInteger(m.group(2)),
            new BigInteger(m.group(3))}, m.group(4) == null ? new String[0] : m.group(4).split("\\."));
    }

    @Override
    public int compareTo(SemverVersion o) {
        for (int i = 0; i < 3; i++) {
            int c = core[i].compareTo(o.core[i]);
            if (c != 0) {
                return c;
            }
        }
        if (pre.length == 0 || o.pre.length == 0) {
            return pre.length == o.pre.length ? 0 : pre.length == 0 ? 1 : -1; // a release after its pre-releases
        }
        for (int i = 0; i < Math.min(pre.length, o.pre.length); i++) {
            boolean an = pre[i].matches("\\d+");
            boolean bn = o.pre[i].matches("\\d+");
            int c = an && bn ? new BigInteger(pre[i]).compareTo(new BigInteger(o.pre[i]))
                    : an != bn ? (an ? -1 : 1) : pre[i].compareTo(o.pre[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pre.length, o.pre.length);
    }
}
