package dev.bulwark.policy.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in text: private keys (PEM and OpenSSH, also inside JSON strings), cloud and service tokens by
 * their documented formats, and high-entropy values assigned to secret-sounding names. Values that are plainly
 * placeholders (EXAMPLE, xxxx, changeme, ${VAR}) and values the allow-list names are not reported.
 */
public final class SecretDetector {
    private record Pattern2(String id, Pattern pattern, int group) {
    }

    private static final List<Pattern2> TOKENS = List.of(
            new Pattern2("private-key", Pattern.compile(
                    "-----BEGIN ((?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----(?:\\\\n|\\s)+"
                            + "([A-Za-z0-9+/=]{16,}(?:(?:\\\\n|\\s)+[A-Za-z0-9+/=:\\-, ]*)*)"), 3),
            new Pattern2("aws-access-key-id", Pattern.compile("\\b((?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16})\\b"), 1),
            new Pattern2("aws-secret-access-key", Pattern.compile(
                    "(?i)aws_?secret_?(?:access_?)?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"), 1),
            new Pattern2("github-token", Pattern.compile("\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\\b"), 1),
            new Pattern2("gitlab-token", Pattern.compile("\\b(glpat-[A-Za-z0-9_-]{20,})"), 1),
            new Pattern2("slack-token", Pattern.compile("\\b(xox[baprs]-[A-Za-z0-9]{8,}-[A-Za-z0-9-]{8,})"), 1),
            new Pattern2("stripe-key", Pattern.compile("\\b((?:sk|rk)_live_[A-Za-z0-9]{24,})"), 1),
            new Pattern2("google-api-key", Pattern.compile("\\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])"), 1),
            new Pattern2("jwt", Pattern.compile("\\b(eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,})"), 1));

    /** A secret-sounding name assigned a quoted value, or a KEY=value / key: value line. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?:^|[\\s{,;(:])[\"']?([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|"
                    + "private[_-]?key|auth|credential)[A-Za-z0-9_.-]*)[\"']?\\s*(?:=|:=|:)\\s*"
                    + "(?:\"([^\"\\s]{16,200})\"|'([^'\\s]{16,200})'|([^\\s\"'#;,()\\[\\]{}\\\\]{16,200})\\s*$)");
    /** Code, not a value: a dotted name such as {@code base64.decodebytes} or {@code self._fp}. */
    private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i).*(example|sample|dummy|placeholder|changeme|change_me|your[_-]|xxxx|\\*\\*\\*|<[^>]*>|\\$\\{|\\$\\(|%s|%\\().*");
    private static final double MIN_ENTROPY = 3.5;

    private final List<Pattern> allowValues;

    /** {@code allowValues}: regular expressions; a secret whose value matches one in full is not reported. */
    public SecretDetector(List<Pattern> allowValues) {
        this.allowValues = List.copyOf(allowValues);
    }

    /** Scans text (a file's content, or one value) and reports each secret once, with its line. */
    public List<SecretFinding> scan(String location, String text, boolean lineNumbers) {
        List<SecretFinding> out = new ArrayList<>();
        for (Pattern2 p : TOKENS) {
            Matcher m = p.pattern().matcher(text);
            while (m.find()) {
                String value = m.group(p.group());
                if (!ignored(value)) {
                    out.add(new SecretFinding(p.id(), location, lineNumbers ? line(text, m.start()) : 0, redact(value)));
                }
            }
        }
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.length() > 4096) {
                continue; // minified or generated data, not an assignment someone wrote
            }
            Matcher m = ASSIGNMENT.matcher(line);
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                if (!ignored(value) && looksRandom(value) && !DOTTED_NAME.matcher(value).matches() && out.stream().noneMatch(f -> f.redacted().equals(redact(value)))) {
                    out.add(new SecretFinding("generic-secret", location, lineNumbers ? lineNo : 0, redact(value)));
                }
            }
        }
        return out;
    }

    /** Whether bytes are text worth scanning: no NUL in the first 8 KiB. */
    public static boolean isText(byte[] content) {
        int n = Math.min(content.length, 8192);
        for (int i = 0; i < n; i++) {
            if (content[i] == 0) {
                return false;
            }
        }
        return true;
    }

    public static String decode(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    private boolean ignored(String value) {
        return PLACEHOLDER.matcher(value).matches() || allowValues.stream().anyMatch(p -> p.matcher(value).matches());
    }

    /** Random-looking: letters and digits mixed, and at least {@value #MIN_ENTROPY} bits of entropy per character. */
    static boolean looksRandom(String value) {
        boolean letter = value.chars().anyMatch(Character::isLetter);
        boolean digit = value.chars().anyMatch(Character::isDigit);
        return letter && digit && entropy(value) >= MIN_ENTROPY;
    }

    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (char c : s.toCharArray()) {
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / s.length();
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = (double) other / s.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** First four and last two characters; short values are fully masked. */
    static String redact(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) : value;
        return v.length() < 12 ? "*".repeat(v.length()) : v.substring(0, 4) + "…" + v.substring(v.length() - 2)
                + " (" + value.length() + " chars)";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
