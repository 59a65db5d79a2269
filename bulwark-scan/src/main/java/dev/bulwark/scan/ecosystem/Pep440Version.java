package dev.bulwark.scan.ecosystem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version with its ordering: epoch, release (trailing zeros ignored), then
 * {@code X.devN < X.aN < X.bN < X.rcN < X < X.postN}, a pre-release's own dev release before it, and a local label
 * ({@code +ubuntu1}) after the same public version. Accepts the spellings PEP 440 normalizes ({@code alpha},
 * {@code c}, {@code preview}, {@code -N} for post, separators {@code .-_}, a leading {@code v}).
 */
final class Pep440Version implements Comparable<Pep440Version> {
    private static final Pattern VERSION = Pattern.compile("v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
            + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?"
            + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
            + "(?:[-_.]?dev[-_.]?(\\d*))?"
            + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

    private final BigInteger epoch;
    private final List<BigInteger> release;
    private final int prePhase; // 0 a, 1 b, 2 rc; -1 none
    private final BigInteger pre;
    private final BigInteger post; // null: none
    private final BigInteger dev; // null: none
    private final String[] local; // null: none

    private Pep440Version(Matcher m) {
        epoch = m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1));
        List<BigInteger> r = new ArrayList<>();
        for (String part : m.group(2).split("\\.")) {
            r.add(new BigInteger(part));
        }
        while (r.size() > 1 && r.get(r.size() - 1).signum() == 0) {
            r.remove(r.size() - 1);
        }
        release = r;
        String phase = m.group(3);
        prePhase = phase == null ? -1 : switch (phase) {
            case "a", "alpha" -> 0;
            case "b", "beta" -> 1;
            default -> 2;
        };
        pre = number(m.group(4));
        post = m.group(5) != null ? new BigInteger(m.group(5)) : m.group(6) != null ? number(m.group(7)) : null;
        dev = m.group(0).matches(".*dev[-_.]?\\d*(\\+.*)?") ? number(m.group(8)) : null;
        local = m.group(9) == null ? null : m.group(9).split("[-_.]");
    }

    private static BigInteger number(String digits) {
        return digits == null || digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits);
    }

    static Pep440Version parse(String version) throws EcosystemVersionException {
        Matcher m = VERSION.matcher(version.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new EcosystemVersionException("not a PEP 440 version: " + version);
        }
        return new Pep440Version(m);
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = epoch.compareTo(o.epoch);
        if (c != 0) {
            return c;
        }
        for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
            BigInteger a = i < release.size() ? release.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.release.size() ? o.release.get(i) : BigInteger.ZERO;
            if ((c = a.compareTo(b)) != 0) {
                return c;
            }
        }
        if ((c = Long.compare(preKey(), o.preKey())) != 0) {
            return c;
        }
        if (prePhase >= 0 && (c = pre.compareTo(o.pre)) != 0) {
            return c;
        }
        if ((c = compareAbsentLow(post, o.post)) != 0) {
            return c;
        }
        if (dev == null || o.dev == null) {
            c = dev == null ? (o.dev == null ? 0 : 1) : -1; // no dev release sorts after any dev release
        } else {
            c = dev.compareTo(o.dev);
        }
        if (c != 0) {
            return c;
        }
        return compareLocal(local, o.local);
    }

    /** A dev release without a pre or post release sorts before every pre-release; no pre-release sorts after them. */
    private long preKey() {
        if (prePhase < 0) {
            return dev != null && post == null ? -1 : 3;
        }
        return prePhase;
    }

    private static int compareAbsentLow(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static int compareLocal(String[] a, String[] b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length || i >= b.length) {
                return i >= a.length ? -1 : 1;
            }
            boolean an = a[i].matches("\\d+");
            boolean bn = b[i].matches("\\d+");
            int c = an && bn ? new BigInteger(a[i]).compareTo(new BigInteger(b[i]))
                    : an != bn ? (an ? 1 : -1) : a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
