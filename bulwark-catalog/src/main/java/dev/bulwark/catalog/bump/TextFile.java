package dev.bulwark.catalog.bump;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;

/**
 * A file a bump reads and may rewrite: a regular file (a symlink is followed to the file it names, which is the one
 * rewritten, so the link stays a link) of at most {@link #MAX_BYTES}, UTF-8 text. It is written back through a temp
 * file beside it renamed over it, with the same permissions, and only if it still holds the bytes that were read.
 */
record TextFile(Path shown, Path real, byte[] bytes, String text) {
    static final int MAX_BYTES = 16 << 20;

    static TextFile read(Path file) throws BumpException, FileParseException {
        Path real;
        BasicFileAttributes attrs;
        try {
            real = file.toRealPath();
            attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new BumpException(Kind.BAD_INPUT, "cannot read " + file + ": " + reason(e));
        }
        if (!attrs.isRegularFile()) {
            throw new BumpException(Kind.BAD_INPUT, "cannot read " + file + ": not a regular file");
        }
        if (attrs.size() > MAX_BYTES) {
            throw new BumpException(Kind.BAD_INPUT, "cannot read " + file + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new BumpException(Kind.ENVIRONMENT, "cannot read " + file + ": " + reason(e), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new BumpException(Kind.BAD_INPUT, "cannot read " + file + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return new TextFile(file, real, bytes, decode(bytes));
    }

    /** Strict UTF-8: a byte that is not is reported with its line. */
    private static String decode(byte[] bytes) throws FileParseException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new FileParseException(line, "not UTF-8 text (byte " + (in.position() + 1) + ")");
        }
        d.flush(out);
        return out.flip().toString();
    }

    /** Replaces the file with {@code text}, keeping its permissions; refuses when it changed since it was read. */
    void write(String newText) throws BumpException {
        Path dir = real.getParent();
        try {
            Path temp = TempFiles.createFile(dir, "bump");
            try {
                Files.writeString(temp, newText, StandardCharsets.UTF_8);
                PosixFileAttributeView view = Files.getFileAttributeView(real, PosixFileAttributeView.class);
                if (view != null) {
                    Files.setPosixFilePermissions(temp, view.readAttributes().permissions());
                }
                if (!Arrays.equals(Files.readAllBytes(real), bytes)) {
                    throw new BumpException(Kind.ENVIRONMENT, "cannot rewrite " + shown + ": it changed while bump "
                            + "read it; run bump again");
                }
                TempFiles.replace(temp, real);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new BumpException(Kind.ENVIRONMENT, "cannot rewrite " + shown + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
