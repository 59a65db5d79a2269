package dev.bulwark.policy.yaml;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.policy.PolicyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its file and field path ({@code rules.no-shell.level}), so every check fails with
 * "file:line: field: problem". SnakeYAML types stay inside this package.
 */
public final class YamlNode {
    private final Node node;
    private final String field;
    private final Path file;

    YamlNode(Node node, String field, Path file) {
        this.node = node;
        this.field = field;
        this.file = file;
    }

    public String field() {
        return field;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of this node in its file. */
    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    /** The line a scalar's text starts on: a block scalar ({@code |} or {@code >}) starts below its indicator. */
    public int contentLine() {
        if (node instanceof ScalarNode s && (s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                || s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED)) {
            return line() + 1;
        }
        return line();
    }

    /** "FILE:LINE" of this node, for messages that point at it. */
    public String where() {
        return file + ":" + line();
    }

    public PolicyException fail(String problem) {
        return new PolicyException(Kind.BAD_INPUT, "cannot read " + file + ":" + line() + ": "
                + (field.isEmpty() ? "" : field + ": ") + problem);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** The entries of a mapping, in file order; fails on a key outside {@code allowed} (null: any key). */
    public Map<String, YamlNode> map(Set<String> allowed) throws PolicyException {
        if (!(node instanceof MappingNode m)) {
            throw fail("expected a mapping");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlNode(t.getKeyNode(), field, file).fail("keys must be plain strings");
            }
            String key = k.getValue();
            String child = field.isEmpty() ? key : field + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                throw new YamlNode(k, child, file).fail("unknown key '" + key + "' (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (out.put(key, new YamlNode(t.getValueNode(), child, file)) != null) {
                throw new YamlNode(k, child, file).fail("duplicate key '" + key + "'");
            }
        }
        return out;
    }

    public List<YamlNode> list() throws PolicyException {
        if (!(node instanceof SequenceNode s)) {
            throw fail("expected a list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new YamlNode(s.getValue().get(i), field + "[" + i + "]", file));
        }
        return out;
    }

    public String string() throws PolicyException {
        if (!(node instanceof ScalarNode s)) {
            throw fail("expected a string");
        }
        return s.getValue();
    }

    public List<String> strings() throws PolicyException {
        if (isScalar()) {
            return List.of(string());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode n : list()) {
            out.add(n.string());
        }
        return out;
    }

    public long integer() throws PolicyException {
        String s = string().trim();
        try {
            return s.startsWith("0o") ? Long.parseLong(s.substring(2), 8) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw fail("expected a whole number, got '" + s + "'");
        }
    }

    public boolean bool() throws PolicyException {
        String s = string().trim();
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw fail("expected true or false, got '" + s + "'");
        };
    }

    /** A mapping of strings to strings. */
    public Map<String, String> stringMap() throws PolicyException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : map(null).entrySet()) {
            out.put(e.getKey(), e.getValue().string());
        }
        return out;
    }
}
