package dev.bulwark.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapeTest {
    @Test
    void text_makesTerminalControlSequencesVisible() {
        assertThat(Escape.text("red\u001b[31m, title\u001b]0;x\u0007, bell\u0007")).isEqualTo(
                "red\\x1b[31m, title\\x1b]0;x\\x07, bell\\x07");
        assertThat(Escape.text("a\nb\rc\td\u0000e\u007ff\u009bg")).isEqualTo("a\\nb\\rc\\td\\x00e\\x7ff\\x9bg");
    }

    @Test
    void text_escapesBidirectionalOverridesThatReorderWhatFollows() {
        assertThat(Escape.text("file\u202egnp.exe")).isEqualTo("file\\u202egnp.exe");
        assertThat(Escape.text("x\u2066y\u200fz")).isEqualTo("x\\u2066y\\u200fz");
    }

    @Test
    void text_leavesPrintableTextAndUnicodeAlone() {
        String s = "libc6 2.41-12 amd64 — Grüße 日本 ✓";
        assertThat(Escape.text(s)).isSameAs(s);
        assertThat(Escape.text(null)).isNull();
    }

    @Test
    void lines_keepsLineFeedsButEscapesTheRest() {
        assertThat(Escape.lines("one\ntwo\r\u001b[2K")).isEqualTo("one\ntwo\\r\\x1b[2K");
    }
}
