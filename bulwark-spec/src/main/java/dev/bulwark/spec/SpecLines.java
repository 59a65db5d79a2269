package dev.bulwark.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Where a spec wrote each top-level field and each list item, so an error found later, against the packages or a
 * customization's base (a clash, a downgrade, an unpinned base), names {@code file:line}; and which fields the spec
 * wrote at all, since a customization overrides only those (the parsed {@link Spec} fills defaults for the rest).
 */
public final class SpecLines {
    private final String file;
    private final Map<String, Integer> fields;
    private final Map<String, Map<String, Integer>> items;
    private final java.util.Set<String> written;

    private SpecLines(String file, Map<String, Integer> fields, Map<String, Map<String, Integer>> items,
                      java.util.Set<String> written) {
        this.file = file;
        this.fields = fields;
        this.items = items;
        this.written = written;
    }

    /** Reads the positions from the bytes the spec was parsed from; a spec built in code has none. */
    public static SpecLines of(Spec spec) {
        Map<String, Integer> fields = new HashMap<>();
        Map<String, Map<String, Integer>> items = new HashMap<>();
        java.util.Set<String> written = new java.util.HashSet<>();
        String name = spec.file() == null ? "<spec>" : spec.file().toString();
        if (spec.source() == null) {
            return new SpecLines(name, fields, items, written);
        }
        try {
            String text = spec.text();
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            Node root = new Yaml(options).compose(new java.io.StringReader(text));
            if (root instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode key) {
                        fields.put(key.getValue(), key.getStartMark().getLine() + 1);
                        items.put(key.getValue(), itemLines(t.getValueNode()));
                        if (!t.getValueNode().getTag().equals(Tag.NULL)) {
                            written.add(key.getValue()); // 'workdir:' with nothing after counts as absent
                        }
                    }
                }
            }
        } catch (YAMLException e) {
            // The parser already accepted this file; positions are a courtesy for messages.
        }
        return new SpecLines(name, fields, items, written);
    }

    /** Whether the spec wrote {@code field} with a value: a field written without one counts as absent. */
    public boolean has(String field) {
        return written.contains(field);
    }

    /** {@code file:line} of a top-level field, or the file alone when it is not written. */
    public String at(String field) {
        Integer line = fields.get(field);
        return line == null ? file : file + ":" + line;
    }

    /**
     * {@code file:line} of the item of list {@code field} named {@code key}: a scalar item that is the key or starts
     * with {@code key=} (a package pin), or a mapping item whose {@code path} or {@code name} is the key; for
     * {@code paths}, else the item of the nearest directory above it (a directory source's tree).
     */
    public String item(String field, String key) {
        Map<String, Integer> lines = items.getOrDefault(field, Map.of());
        Integer line = lines.get(key);
        // An entry expanded from a directory source is known by the directory entry above it.
        for (int slash = key.lastIndexOf('/'); line == null && field.equals("paths") && slash > 0;
                slash = key.lastIndexOf('/', slash - 1)) {
            line = lines.get(key.substring(0, slash));
        }
        return line == null ? at(field) : file + ":" + line;
    }

    /** Whether list {@code field} (or a list below it) has an item named {@code key}, as {@link #item} finds it. */
    public boolean hasItem(String field, String key) {
        return items.getOrDefault(field, Map.of()).containsKey(key);
    }

    private static Map<String, Integer> itemLines(Node value) {
        Map<String, Integer> out = new HashMap<>();
        List<Node> list = value instanceof SequenceNode s ? s.getValue()
                : value instanceof MappingNode m ? m.getValue().stream().map(NodeTuple::getValueNode)
                        .filter(SequenceNode.class::isInstance).flatMap(n -> ((SequenceNode) n).getValue().stream())
                        .toList()
                : List.of();
        for (Node item : list) {
            int line = item.getStartMark().getLine() + 1;
            if (item instanceof ScalarNode s) {
                String v = s.getValue();
                int cut = v.indexOf('=');
                out.putIfAbsent(cut < 0 ? v.trim() : v.substring(0, cut).trim(), line);
            } else if (item instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && (k.getValue().equals("path") || k.getValue().equals("name"))
                            && t.getValueNode() instanceof ScalarNode v) {
                        out.putIfAbsent(v.getValue(), line);
                    }
                }
            }
        }
        return out;
    }
}
