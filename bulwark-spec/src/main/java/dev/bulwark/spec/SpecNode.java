package dev.bulwark.spec;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A YAML node together with its field path ({@code accounts.users[0].uid}) and file, so that every check on it can
 * fail with a positioned {@link SpecException}. Keeps SnakeYAML types inside this package.
 */
final class SpecNode {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("(0o)?([0-7]{1,5})");

    private final Node node;
    private final String field;
    private final Path file;

    SpecNode(Node node, String field, Path file) {
        this.node = node;
        this.field = field;
        this.file = file;
    }

    String field() {
        return field;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    SpecException fail(String problem) {
        Mark mark = node.getStartMark();
        return new SpecException(file, mark.getLine() + 1, mark.getColumn() + 1, field, problem);
    }

    /** Throws a positioned exception when {@code problem} is not null. */
    void require(String problem) throws SpecException {
        if (problem != null) {
            throw fail(problem);
        }
    }

    /** Runs a record constructor, turning its {@link IllegalArgumentException} into a positioned error here. */
    <T> T check(Supplier<T> construct) throws SpecException {
        try {
            return construct.get();
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    boolean isNull() {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** A scalar's text; numbers and booleans are read as they are written. */
    String text() throws SpecException {
        if (!(node instanceof ScalarNode scalar) || isNull()) {
            throw fail("expected a string, found " + describe());
        }
        return scalar.getValue();
    }

    List<SpecNode> items() throws SpecException {
        if (!(node instanceof SequenceNode sequence)) {
            throw fail("expected a list, found " + describe());
        }
        List<SpecNode> out = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            out.add(new SpecNode(item, field + "[" + out.size() + "]", file));
        }
        return out;
    }

    /** A list of strings, each checked by {@code problem} (which returns null when fine), without duplicates. */
    List<String> texts(Function<String, String> problem) throws SpecException {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (SpecNode item : items()) {
            String value = item.text();
            item.require(problem.apply(value));
            Integer first = seen.putIfAbsent(value, item.line());
            if (first != null) {
                throw item.fail("duplicate '" + value + "' (first at line " + first + ")");
            }
            out.add(value);
        }
        return out;
    }

    /**
     * A mapping's entries by key, in file order. Rejects duplicate keys and, when {@code known} is not null, keys
     * outside it (suggesting the nearest known name).
     */
    Map<String, SpecNode> fields(List<String> known) throws SpecException {
        if (!(node instanceof MappingNode mapping)) {
            throw fail("expected a mapping, found " + describe());
        }
        Map<String, SpecNode> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            SpecNode keyNode = new SpecNode(tuple.getKeyNode(), field, file);
            if (!(tuple.getKeyNode() instanceof ScalarNode) || keyNode.isNull()) {
                throw keyNode.fail("expected a plain key, found " + keyNode.describe());
            }
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            String path = childPath(key);
            SpecNode previous = out.get(key);
            if (previous != null) {
                throw new SpecNode(tuple.getKeyNode(), path, file)
                        .fail("duplicate key '" + key + "' (first at line " + previous.line() + ")");
            }
            if (known != null && !known.contains(key)) {
                throw new SpecNode(tuple.getKeyNode(), path, file).fail(Suggestions.unknownField(key, known));
            }
            out.put(key, new SpecNode(tuple.getValueNode(), path, file));
        }
        return out;
    }

    /** A mapping of free keys to string values (environment, annotations, labels); key errors point at the key. */
    Map<String, String> textMap(Function<String, String> keyProblem) throws SpecException {
        Map<String, SpecNode> values = fields(null);
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            SpecNode value = values.get(key);
            new SpecNode(tuple.getKeyNode(), value.field, file).require(keyProblem.apply(key));
            out.put(key, value.text());
        }
        return out;
    }

    /** A non-negative decimal integer up to {@code max}. */
    int integer(int max) throws SpecException {
        String text = node instanceof ScalarNode scalar && !isNull() ? scalar.getValue() : null;
        if (text == null || !DECIMAL.matcher(text).matches() || text.length() > 10 || Long.parseLong(text) > max) {
            throw fail("expected an integer from 0 to " + max + ", found " + (text == null ? describe() : "'" + text + "'"));
        }
        return Integer.parseInt(text);
    }

    /** A file mode, always read as octal digits ({@code 0755}, {@code 755} or {@code 0o755}) up to 7777. */
    int mode() throws SpecException {
        String text = node instanceof ScalarNode scalar && !isNull() ? scalar.getValue() : null;
        var matcher = text == null ? null : OCTAL.matcher(text);
        if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(2), 8) > 07777) {
            throw fail("expected an octal mode such as 0755 (at most 7777), found "
                    + (text == null ? describe() : "'" + text + "'"));
        }
        return Integer.parseInt(matcher.group(2), 8);
    }

    private String childPath(String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            return field + "[\"" + key + "\"]";
        }
        return field.isEmpty() ? key : field + "." + key;
    }

    private String describe() {
        if (isNull()) {
            return "nothing (null)";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
