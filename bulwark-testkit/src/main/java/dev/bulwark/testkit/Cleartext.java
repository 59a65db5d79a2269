package dev.bulwark.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** RFC 4880 §7.1 cleartext rules: lines, trailing whitespace dropped, CRLF between lines, none after the last. */
final class Cleartext {
    private Cleartext() {
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(stripTrailing(line));
        }
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static byte[] canonical(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            out.writeBytes(lines.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
