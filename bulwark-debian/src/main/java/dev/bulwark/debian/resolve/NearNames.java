package dev.bulwark.debian.resolve;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" suggestions for a package name that does not exist. */
final class NearNames {

    private NearNames() {
    }

    /** A sentence fragment naming up to five close names, or an empty string when none is close. */
    static String suggest(String wanted, Collection<String> names) {
        record Scored(String name, int distance) {
        }
        int limit = Math.max(2, wanted.length() / 4);
        List<String> near = names.stream()
                .map(n -> new Scored(n, distance(wanted, n, limit)))
                .filter(s -> s.distance() <= limit || s.name().startsWith(wanted) && s.name().length() <= wanted.length() + 3)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(5).map(Scored::name).toList();
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    /** Levenshtein distance, giving up early (returning limit+1) once it must exceed {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
