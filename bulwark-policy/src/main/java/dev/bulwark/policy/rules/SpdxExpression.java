package dev.bulwark.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Decides whether an SPDX licence expression can be complied with when some licences are denied: {@code A OR B}
 * needs one side allowed, {@code A AND B} both, {@code A WITH exception} is judged by {@code A}, and {@code A+} by
 * {@code A}. Operators are case-insensitive; parentheses group; AND binds tighter than OR (SPDX annex D).
 */
public final class SpdxExpression {
    private final List<String> tokens;
    private int pos;

    private SpdxExpression(String text) {
        this.tokens = tokenize(text);
    }

    /** Whether a choice of licences exists in {@code expression} that avoids every licence {@code denied} accepts. */
    public static boolean allowed(String expression, Predicate<String> denied) {
        SpdxExpression e = new SpdxExpression(expression);
        if (e.tokens.isEmpty()) {
            return true;
        }
        boolean ok = e.or(denied);
        return ok;
    }

    /** The licence ids the expression names (for reports). */
    public static List<String> ids(String expression) {
        List<String> out = new ArrayList<>();
        List<String> t = tokenize(expression);
        for (int i = 0; i < t.size(); i++) {
            String s = t.get(i);
            boolean afterWith = i > 0 && t.get(i - 1).equalsIgnoreCase("WITH");
            if (!afterWith && !isOperator(s) && !s.equals("(") && !s.equals(")")) {
                out.add(base(s));
            }
        }
        return out;
    }

    private boolean or(Predicate<String> denied) {
        boolean result = and(denied);
        while (peek("OR")) {
            pos++;
            boolean right = and(denied);
            result = result || right;
        }
        return result;
    }

    private boolean and(Predicate<String> denied) {
        boolean result = term(denied);
        while (peek("AND")) {
            pos++;
            boolean right = term(denied);
            result = result && right;
        }
        return result;
    }

    private boolean term(Predicate<String> denied) {
        if (pos >= tokens.size()) {
            return true;
        }
        String t = tokens.get(pos++);
        boolean ok;
        if (t.equals("(")) {
            ok = or(denied);
            if (pos < tokens.size() && tokens.get(pos).equals(")")) {
                pos++;
            }
        } else {
            ok = !denied.test(base(t));
        }
        if (peek("WITH")) {
            pos += 2; // an exception only adds permissions to the licence before it
        }
        return ok;
    }

    private boolean peek(String op) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(op);
    }

    private static boolean isOperator(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        return u.equals("AND") || u.equals("OR") || u.equals("WITH");
    }

    private static String base(String id) {
        return id.endsWith("+") ? id.substring(0, id.length() - 1) : id;
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(' || c == ')' || Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (c != ' ' && !Character.isWhitespace(c)) {
                    out.add(String.valueOf(c));
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
