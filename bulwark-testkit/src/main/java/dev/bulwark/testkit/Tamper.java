package dev.bulwark.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Edits files in place the way an attacker with write access to a store would: same name, same size, other bytes.
 * Works on a blob file itself or on a blob inside an archive (found by its content), so every transport's reader
 * can be fed bytes that lie.
 */
public final class Tamper {
    private Tamper() {
    }

    /** Flips one bit in the middle of {@code content} where it occurs in {@code file} (a blob file or an archive). */
    public static void flipInside(Path file, byte[] content) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, content, file);
        bytes[at + content.length / 2] ^= 0x20;
        Files.write(file, bytes);
    }

    /** Replaces {@code from} by {@code to} (same length) at its only occurrence in {@code file}. */
    public static void replaceInside(Path file, String from, String to) throws IOException {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length || Arrays.equals(a, b)) {
            throw new IllegalArgumentException("an in-place edit keeps the length and changes the bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, a, file);
        if (indexOf(bytes, a, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + from + "' occurs more than once in " + file);
        }
        System.arraycopy(b, 0, bytes, at, b.length);
        Files.write(file, bytes);
    }

    /**
     * Replaces {@code from} by {@code to} (same length) inside {@code content} where it occurs in {@code file}: one
     * blob of an archive that holds many, found by its bytes.
     */
    public static void editInside(Path file, byte[] content, String from, String to) throws IOException {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length || Arrays.equals(a, b)) {
            throw new IllegalArgumentException("an in-place edit keeps the length and changes the bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = indexOf(bytes, content, file);
        int at = indexOf(Arrays.copyOfRange(bytes, start, start + content.length), a, 0);
        if (at < 0) {
            throw new IllegalArgumentException("the blob in " + file + " does not hold '" + from + "'");
        }
        System.arraycopy(b, 0, bytes, start + at, b.length);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] bytes, byte[] content, Path file) {
        int at = indexOf(bytes, content, 0);
        if (at < 0) {
            throw new IllegalArgumentException(file + " does not hold the " + content.length + " bytes to edit");
        }
        return at;
    }

    private static int indexOf(byte[] bytes, byte[] content, int from) {
        outer:
        for (int i = from; i <= bytes.length - content.length; i++) {
            for (int j = 0; j < content.length; j++) {
                if (bytes[i + j] != content[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
