package dev.bulwark.scan.ecosystem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maven's version order (as Maven's ComparableVersion documents it): items split at {@code .}, {@code -} and
 * digit/letter changes; {@code -} and a change start a sub-list; numbers compare as numbers; qualifiers order
 * {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp}, unknown qualifiers after
 * those, alphabetically; trailing zeros and release qualifiers do not count ({@code 1 = 1.0 = 1-ga}); at the same
 * place a number beats a sub-list, which beats a qualifier ({@code 1.0.1 > 1.0-1 > 1.0-alpha}).
 */
final class MavenVersion implements Comparable<MavenVersion> {
    private static final Map<String, String> ALIASES = Map.of("a", "alpha", "b", "beta", "m", "milestone",
            "cr", "rc", "ga", "", "final", "", "release", "");
    private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");

    private final List<Object> items;

    private MavenVersion(List<Object> items) {
        this.items = items;
    }

    static MavenVersion parse(String version) {
        String v = version.strip().toLowerCase(Locale.ROOT);
        List<Object> root = new ArrayList<>();
        List<Object> list = root;
        List<List<Object>> lists = new ArrayList<>(List.of(root));
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean change = c != '.' && c != '-' && token.length() > 0
                    && Character.isDigit(c) != Character.isDigit(token.charAt(0));
            if (c == '.' || c == '-' || change) {
                list.add(item(token));
                token.setLength(0);
                if (c != '.') {
                    List<Object> sub = new ArrayList<>();
                    list.add(sub);
                    list = sub;
                    lists.add(sub);
                }
                if (change) {
                    token.append(c);
                }
            } else {
                token.append(c);
            }
        }
        list.add(item(token));
        for (int i = lists.size() - 1; i >= 0; i--) {
            trim(lists.get(i));
        }
        return new MavenVersion(root);
    }

    private static Object item(StringBuilder token) {
        String t = token.toString();
        if (t.isEmpty()) {
            return BigInteger.ZERO;
        }
        if (Character.isDigit(t.charAt(0))) {
            return new BigInteger(t);
        }
        return ALIASES.getOrDefault(t, t);
    }

    /** Drops trailing items equal to "nothing" (0, release qualifiers, empty sub-lists). */
    private static void trim(List<Object> list) {
        while (!list.isEmpty() && compare(list.get(list.size() - 1), null) == 0) {
            list.remove(list.size() - 1);
        }
    }

    @Override
    public int compareTo(MavenVersion o) {
        return compare(items, o.items);
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        if (a == null) {
            return -compare(b, null);
        }
        if (a instanceof BigInteger n) {
            if (b == null) {
                return n.signum();
            }
            return b instanceof BigInteger m ? n.compareTo(m) : 1;
        }
        if (a instanceof String s) {
            if (b == null) {
                return rank(s).compareTo(rank(""));
            }
            return b instanceof String t ? rank(s).compareTo(rank(t)) : -1;
        }
        List<Object> l = (List<Object>) a;
        if (b == null) {
            return l.isEmpty() ? 0 : compare(l.get(0), null);
        }
        if (b instanceof BigInteger) {
            return -1;
        }
        if (b instanceof String) {
            return 1;
        }
        List<Object> m = (List<Object>) b;
        for (int i = 0; i < Math.max(l.size(), m.size()); i++) {
            int c = compare(i < l.size() ? l.get(i) : null, i < m.size() ? m.get(i) : null);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String rank(String qualifier) {
        int i = QUALIFIERS.indexOf(qualifier);
        return i >= 0 ? Integer.toString(i) : QUALIFIERS.size() + "-" + qualifier;
    }
}
