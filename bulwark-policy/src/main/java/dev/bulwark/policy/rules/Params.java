package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/** A rule's parameters as the policy file sets them; a wrong type fails naming the file, line and field. */
public final class Params {
    private final Map<String, YamlNode> values;

    public Params(Map<String, YamlNode> values) {
        this.values = Map.copyOf(values);
    }

    public static Params none() {
        return new Params(Map.of());
    }

    public List<String> strings(String name, List<String> fallback) throws PolicyException {
        YamlNode n = values.get(name);
        return n == null ? fallback : n.strings();
    }

    public String string(String name, String fallback) throws PolicyException {
        YamlNode n = values.get(name);
        return n == null ? fallback : n.string();
    }

    public long integer(String name, long fallback) throws PolicyException {
        YamlNode n = values.get(name);
        return n == null ? fallback : n.integer();
    }

    public boolean bool(String name, boolean fallback) throws PolicyException {
        YamlNode n = values.get(name);
        return n == null ? fallback : n.bool();
    }

    /** The node of a parameter, for errors that point at it; null when unset. */
    public YamlNode node(String name) {
        return values.get(name);
    }
}
