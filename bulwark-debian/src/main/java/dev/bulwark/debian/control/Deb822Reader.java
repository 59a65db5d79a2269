package dev.bulwark.debian.control;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads deb822 stanzas (Packages, Sources, Release, status, {@code .sources}) one at a time, holding only the current
 * stanza in memory, since a Packages index is about 100 MB of text.
 *
 * <p>Blank (or whitespace-only) lines separate stanzas; lines starting with {@code #} are comments; a line starting
 * with a space or tab continues the previous field. A clearsigned document (InRelease) is read as its signed text:
 * the armor headers are skipped, dash-escaping is undone and reading stops at the signature. The signature is not
 * checked here.
 */
public final class Deb822Reader implements Closeable {

    private static final String SIGNED_HEADER = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String SIGNATURE_HEADER = "-----BEGIN PGP SIGNATURE-----";

    private final BufferedReader in;
    private final String sourceName;
    private int lineNumber;
    private boolean started;
    private boolean clearsigned;
    private boolean ended;

    /** Reads from {@code in}; {@code sourceName} (a path or URL) prefixes every error's "source:line". */
    public Deb822Reader(Reader in, String sourceName) {
        Objects.requireNonNull(in, "in");
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    }

    /** Parses every stanza of an in-memory text (small files: Release, status.d entries, test fixtures). */
    public static List<Paragraph> parseAll(String text, String sourceName) throws ControlParseException {
        List<Paragraph> all = new ArrayList<>();
        try (Deb822Reader reader = new Deb822Reader(new StringReader(text), sourceName)) {
            for (Paragraph p = reader.next(); p != null; p = reader.next()) {
                all.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a string", e);
        }
        return all;
    }

    /** The next stanza, or null at the end of the input. */
    public Paragraph next() throws IOException, ControlParseException {
        List<Paragraph.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String name = null;
        StringBuilder value = null;
        int fieldLine = 0;
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.isBlank()) {
                if (name != null) {
                    break;
                }
                continue;
            }
            char first = line.charAt(0);
            if (first == '#') {
                continue;
            }
            if (first == ' ' || first == '\t') {
                if (name == null) {
                    throw error(lineNumber, "continuation line \"" + excerpt(line) + "\" does not follow a field");
                }
                value.append('\n').append(continuation(line));
                continue;
            }
            if (name != null) {
                fields.add(new Paragraph.Field(name, value.toString(), fieldLine));
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw error(lineNumber, "expected \"Field: value\", found \"" + excerpt(line) + "\"");
            }
            name = line.substring(0, colon);
            String problem = Paragraph.Field.nameProblem(name);
            if (problem != null) {
                throw error(lineNumber, problem);
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw error(lineNumber, "duplicate field " + name);
            }
            value = new StringBuilder(line.substring(colon + 1).strip());
            fieldLine = lineNumber;
        }
        if (name == null) {
            return null;
        }
        fields.add(new Paragraph.Field(name, value.toString(), fieldLine));
        return new Paragraph(fields, fields.get(0).line(), sourceName);
    }

    /** The line number of the last line read, 1-based. */
    public int lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static String continuation(String line) {
        String text = line.substring(1).stripTrailing();
        return text.equals(".") ? "" : text;
    }

    private String readLine() throws IOException {
        if (ended) {
            return null;
        }
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (!started) {
            started = true;
            if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.equals(SIGNED_HEADER)) {
                clearsigned = true;
                return skipArmorHeaders();
            }
        }
        return clearsigned ? unescape(line) : line;
    }

    /** Skips "Hash: …" armor headers up to their closing blank line and returns the first signed line. */
    private String skipArmorHeaders() throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                return readLine();
            }
        }
        return null;
    }

    private String unescape(String line) {
        if (line.startsWith(SIGNATURE_HEADER)) {
            ended = true;
            return null;
        }
        return line.startsWith("- ") ? line.substring(2) : line;
    }

    private ControlParseException error(int line, String why) {
        return new ControlParseException(sourceName, line, why);
    }

    private static String excerpt(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
