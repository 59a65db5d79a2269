package dev.bulwark.policy.yaml;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.policy.PolicyException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a policy or test file into {@link YamlNode}s; syntax errors name the file and line. */
public final class YamlFiles {
    private static final int MAX_BYTES = 4 << 20;

    private YamlFiles() {
    }

    public static YamlNode read(Path file) throws PolicyException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PolicyException(Kind.BAD_INPUT, "cannot read " + file + ": larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot read " + file + ": " + describe(e), e);
        }
        return parse(decode(bytes, file), file);
    }

    public static YamlNode parse(String yaml, Path file) throws PolicyException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        options.setCodePointLimit(MAX_BYTES);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ", " + e.getProblem();
            throw new PolicyException(Kind.BAD_INPUT, "cannot read " + file + (mark == null ? "" : ":" + (mark.getLine() + 1))
                    + ": invalid YAML: " + problem, e);
        } catch (YAMLException e) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot read " + file + ": invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot read " + file + ": the file is empty");
        }
        return new YamlNode(root, "", file);
    }

    private static String decode(byte[] bytes, Path file) throws PolicyException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(Kind.BAD_INPUT, "cannot read " + file + ": not UTF-8", e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return String.valueOf(e.getMessage());
    }
}
