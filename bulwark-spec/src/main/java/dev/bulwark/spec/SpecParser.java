package dev.bulwark.spec;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@link Spec} from YAML. It composes the YAML into nodes rather than loading objects, so every error names
 * the file, line, column and field path; it never lets a SnakeYAML exception or a stack trace through.
 *
 * <p>The file is read once: the parsed {@link Spec} carries those exact bytes and their SHA-256 (the digest a lock
 * records) as its {@link Spec#source()}.
 */
public final class SpecParser {
    /** Top-level fields, in the order the docs and the JSON Schema list them. */
    public static final List<String> FIELDS = List.of("name", "description", "distribution", "base", "archs",
            "packages", "exclude", "include", "suites", "components", "keyrings", "accounts", "environment",
            "entrypoint", "cmd", "workdir", "paths", "strip", "annotations", "labels", "variant", "policy", "tests");
    public static final List<String> ACCOUNTS_FIELDS = List.of("run-as", "users", "groups");
    public static final List<String> USER_FIELDS = List.of("name", "uid", "gid", "home", "shell");
    public static final List<String> GROUP_FIELDS = List.of("name", "gid", "members");
    public static final List<String> PATH_FIELDS =
            List.of("path", "type", "source", "content", "target", "uid", "gid", "mode");

    /** Specs are small; anything bigger is not a spec. */
    private static final int MAX_BYTES = 1 << 20;

    public Spec parse(Path file) throws SpecException {
        byte[] bytes = read(file);
        return parse(decode(bytes, file), file, SpecBytes.of(bytes));
    }

    /**
     * Parses YAML text. {@code file} names the spec in errors and anchors relative paths (keyrings, file sources, a
     * base spec); when null, errors say {@code <string>} and paths resolve against the working directory.
     */
    public Spec parse(String yaml, Path file) throws SpecException {
        return parse(yaml, file, SpecBytes.of(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private Spec parse(String yaml, Path file, SpecBytes source) throws SpecException {
        Node root = compose(yaml, file);
        if (root == null) {
            throw new SpecException(file, 0, 0, null, "the spec is empty");
        }
        Path folder = file == null ? Path.of("").toAbsolutePath()
                : file.toAbsolutePath().normalize().getParent();
        return new SpecReader(folder, file).read(new SpecNode(root, "", file), source);
    }

    /** SHA-256 (lower-case hex) of the spec file's exact bytes, the digest a lock records. */
    public static String sha256(Path file) throws SpecException {
        return sha256(read(file));
    }

    public static String sha256(byte[] bytes) {
        return SpecBytes.sha256(bytes);
    }

    private static Node compose(String yaml, Path file) throws SpecException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        try {
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = "invalid YAML: " + (e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ", " + e.getProblem());
            return throwAt(file, mark, problem, e);
        } catch (ReaderException e) {
            throw new SpecException(file, 0, 0, null, "invalid YAML: " + e.getName() + " (character "
                    + Integer.toHexString(e.getCodePoint()) + " at offset " + e.getPosition() + ")", e);
        } catch (YAMLException e) {
            throw new SpecException(file, 0, 0, null, "invalid YAML: " + e.getMessage(), e);
        }
    }

    private static Node throwAt(Path file, Mark mark, String problem, Throwable cause) throws SpecException {
        if (mark == null) {
            throw new SpecException(file, 0, 0, null, problem, cause);
        }
        throw new SpecException(file, mark.getLine() + 1, mark.getColumn() + 1, null, problem, cause);
    }

    private static byte[] read(Path file) throws SpecException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SpecException(file, 0, 0, null, "the file is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file, 0, 0, null, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new SpecException(file, 0, 0, null, "permission denied", e);
        } catch (IOException e) {
            throw new SpecException(file, 0, 0, null, String.valueOf(e.getMessage()), e);
        }
    }

    private static String decode(byte[] bytes, Path file) throws SpecException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(file, 0, 0, null, "the file is not UTF-8", e);
        }
    }
}
