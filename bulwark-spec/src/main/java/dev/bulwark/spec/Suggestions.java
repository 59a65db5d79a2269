package dev.bulwark.spec;

import java.util.List;

/** Did-you-mean hints for misspelt field names. */
final class Suggestions {
    private Suggestions() {
    }

    /** "unknown field 'achs' (did you mean 'archs'? known fields: ...)". */
    static String unknownField(String key, List<String> known) {
        String nearest = nearest(key, known);
        return "unknown field '" + key + "' ("
                + (nearest == null ? "" : "did you mean '" + nearest + "'? ")
                + "known fields: " + String.join(", ", known) + ")";
    }

    /** The known name closest to {@code key} by edit distance, or null when none is close enough to be a typo. */
    static String nearest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(key.toLowerCase(java.util.Locale.ROOT), candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
