package dev.bulwark.policy.rules;

import java.util.regex.Pattern;

/** Path patterns in policies: {@code *} matches within one path segment, {@code **} across segments. */
public final class Globs {
    private Globs() {
    }

    public static boolean matches(String glob, String path) {
        return compile(glob).matcher(path).matches();
    }

    /** Whether {@code path} is {@code prefix} or lies below it. */
    public static boolean under(String prefix, String path) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return path.equals(p) || path.startsWith(p + "/");
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
