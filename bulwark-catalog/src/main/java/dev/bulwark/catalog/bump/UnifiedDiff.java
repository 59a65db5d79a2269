package dev.bulwark.catalog.bump;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two versions of a file that have the same lines but some changed in place — what a bump makes,
 * as it only rewrites digests. Hunks carry three lines of context; lines are shown without their line ending.
 * A relative name gets git's {@code a/} and {@code b/} prefixes (apply with {@code patch -p1}), an absolute one none.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    static String of(String name, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("a bump keeps the lines of a file");
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(i);
            }
        }
        if (changed.isEmpty()) {
            return "";
        }
        boolean absolute = name.startsWith("/");
        StringBuilder out = new StringBuilder("--- " + (absolute ? "" : "a/") + name + "\n+++ " + (absolute ? "" : "b/")
                + name + "\n");
        int k = 0;
        while (k < changed.size()) {
            int start = Math.max(0, changed.get(k) - CONTEXT);
            int end = Math.min(a.size(), changed.get(k) + CONTEXT + 1);
            int last = k;
            while (last + 1 < changed.size() && changed.get(last + 1) - CONTEXT <= end) {
                last++;
                end = Math.min(a.size(), changed.get(last) + CONTEXT + 1);
            }
            int n = end - start;
            out.append("@@ -").append(start + 1).append(',').append(n).append(" +").append(start + 1).append(',')
                    .append(n).append(" @@\n");
            for (int i = start; i < end; i++) {
                if (a.get(i).equals(b.get(i))) {
                    out.append(' ').append(a.get(i)).append('\n');
                } else {
                    out.append('-').append(a.get(i)).append('\n');
                    out.append('+').append(b.get(i)).append('\n');
                }
            }
            k = last + 1;
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
