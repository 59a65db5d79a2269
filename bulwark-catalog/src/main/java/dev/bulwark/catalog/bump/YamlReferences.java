package dev.bulwark.catalog.bump;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Finds the pinned references of YAML files — Kubernetes manifests (any {@code image:} value, in every document of
 * a multi-document file, in Lists, CronJobs, init containers) and Helm values ({@code image: REF@sha256:…} and the
 * map {@code {registry: …, repository: …, tag: …, digest: sha256:…}}). The YAML is composed to nodes only to know
 * where each value is written; nothing is re-serialized, so the rewrite touches the digest's characters alone.
 */
public final class YamlReferences {
    private static final int MAX_CODE_POINTS = 16 << 20;

    private final String text;
    private final boolean surrogates;
    private final List<Occurrence> found = new ArrayList<>();
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private YamlReferences(String text) {
        this.text = text;
        this.surrogates = text.codePointCount(0, text.length()) != text.length();
    }

    public static List<Occurrence> find(String text) throws FileParseException {
        YamlReferences r = new YamlReferences(text);
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMaxAliasesForCollections(100);
        options.setNestingDepthLimit(100);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options);
        try {
            for (Node document : yaml.composeAll(new StringReader(text))) {
                if (document != null) {
                    r.walk(document);
                }
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                    : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 1;
            throw new FileParseException(line, "not valid YAML: " + oneLine(e.getProblem() != null ? e.getProblem()
                    : e.getMessage()), e);
        } catch (YAMLException e) {
            throw new FileParseException(1, "not valid YAML: " + oneLine(e.getMessage()), e);
        }
        Map<Integer, Occurrence> byOffset = new java.util.TreeMap<>();
        r.found.forEach(o -> byOffset.putIfAbsent(o.digestAt(), o)); // an alias names the same text twice
        return List.copyOf(byOffset.values());
    }

    private void walk(Node node) throws FileParseException {
        if (!seen.add(node)) {
            return; // an alias of a node already walked: the text it points to is the same
        }
        if (node instanceof SequenceNode s) {
            for (Node child : s.getValue()) {
                walk(child);
            }
        } else if (node instanceof MappingNode m) {
            Map<String, Node> keys = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    keys.putIfAbsent(k.getValue(), t.getValueNode());
                }
            }
            if (keys.get("image") instanceof ScalarNode image) {
                scalar(image);
            }
            helmMap(keys);
            for (NodeTuple t : m.getValue()) {
                walk(t.getValueNode());
            }
        }
    }

    /** An {@code image:} value written as one string. */
    private void scalar(ScalarNode node) throws FileParseException {
        Optional<PinnedReference> ref = PinnedReference.parse(node.getValue().strip());
        if (ref.isPresent()) {
            add(node, ref.get(), node.getValue().strip(), "image");
        }
    }

    /** The Helm charts' {@code repository} / {@code tag} / {@code digest} map (with an optional {@code registry}). */
    private void helmMap(Map<String, Node> keys) throws FileParseException {
        if (!(keys.get("repository") instanceof ScalarNode repo) || !(keys.get("digest") instanceof ScalarNode digest)) {
            return;
        }
        String d = digest.getValue().strip();
        if (!PinnedReference.DIGEST.matcher(d).matches()) {
            return;
        }
        String registry = keys.get("registry") instanceof ScalarNode r && !r.getValue().isBlank() ? r.getValue().strip() : null;
        String name = (registry == null ? "" : registry + "/") + repo.getValue().strip();
        Optional<String> repository = PinnedReference.repository(name);
        if (repository.isEmpty()) {
            return;
        }
        String tag = keys.get("tag") instanceof ScalarNode t && !t.getValue().isBlank() ? t.getValue().strip() : null;
        PinnedReference ref = new PinnedReference(repository.get(), tag, d);
        add(digest, ref, name + (tag == null ? "" : ":" + tag) + "@" + d, "digest");
    }

    private void add(ScalarNode node, PinnedReference ref, String written, String where) throws FileParseException {
        int start = offset(node.getStartMark().getIndex());
        int end = offset(node.getEndMark().getIndex());
        int at = text.substring(start, end).lastIndexOf(ref.digest());
        int line = node.getStartMark().getLine() + 1;
        if (at < 0) {
            throw new FileParseException(line, "the digest of " + written + " is written with escapes or across lines; "
                    + "write it as plain text to let bump rewrite it");
        }
        found.add(new Occurrence(Lines.of(text, start + at), start + at, ref, written, where));
    }

    /** SnakeYAML counts code points; Java strings count UTF-16 chars. */
    private int offset(int codePoints) {
        return surrogates ? text.offsetByCodePoints(0, codePoints) : codePoints;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
