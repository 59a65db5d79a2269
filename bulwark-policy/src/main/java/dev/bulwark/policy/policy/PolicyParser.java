package dev.bulwark.policy.policy;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.rules.Level;
import dev.bulwark.policy.rules.Params;
import dev.bulwark.policy.rules.Rule;
import dev.bulwark.policy.yaml.YamlFiles;
import dev.bulwark.policy.yaml.YamlNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file (docs/policy.md). Every error names the file, the line and the field: a YAML syntax error, an
 * unknown key, an unknown rule id or parameter, a bad level, an exception without reason or with a bad date.
 */
public final class PolicyParser {
    private static final Set<String> TOP = Set.of("version", "rules", "custom", "exceptions");
    private static final Set<String> CUSTOM = Set.of("id", "level", "expression", "message", "rationale", "fix");
    private static final Set<String> WAIVER = Set.of("rule", "subject", "reason", "expires");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, Rule> builtins;

    public PolicyParser(List<Rule> builtins) {
        this.builtins = new LinkedHashMap<>();
        builtins.forEach(r -> this.builtins.put(r.id(), r));
    }

    public Policy read(Path file) throws PolicyException {
        return parse(YamlFiles.read(file));
    }

    public Policy parse(YamlNode root) throws PolicyException {
        Map<String, YamlNode> top = root.map(TOP);
        if (top.containsKey("version") && top.get("version").integer() != 1) {
            throw top.get("version").fail("unsupported policy version (this Bulwark reads version 1)");
        }
        Map<String, RuleSetting> rules = new LinkedHashMap<>();
        if (top.containsKey("rules")) {
            for (Map.Entry<String, YamlNode> e : top.get("rules").map(null).entrySet()) {
                rules.put(e.getKey(), setting(e.getKey(), e.getValue()));
            }
        }
        List<CustomRule> custom = new ArrayList<>();
        Set<String> ids = new HashSet<>(builtins.keySet());
        if (top.containsKey("custom")) {
            for (YamlNode n : top.get("custom").list()) {
                CustomRule c = custom(n);
                if (!ids.add(c.id())) {
                    throw n.fail("rule id '" + c.id() + "' is already used");
                }
                custom.add(c);
            }
        }
        List<Waiver> waivers = new ArrayList<>();
        if (top.containsKey("exceptions")) {
            for (YamlNode n : top.get("exceptions").list()) {
                waivers.add(waiver(n, ids));
            }
        }
        return new Policy(root.file().toString(), rules, custom, waivers);
    }

    private RuleSetting setting(String id, YamlNode n) throws PolicyException {
        Rule rule = builtins.get(id);
        if (rule == null) {
            throw n.fail("unknown rule '" + id + "' (built-in rules: " + String.join(", ", builtins.keySet())
                    + "; write other checks under custom:)");
        }
        if (n.isScalar()) {
            return new RuleSetting(level(n), Params.none());
        }
        Set<String> allowed = new HashSet<>(rule.parameters());
        allowed.add("level");
        Map<String, YamlNode> m = n.map(allowed);
        Level level = m.containsKey("level") ? level(m.get("level")) : Level.DENY;
        Map<String, YamlNode> params = new LinkedHashMap<>(m);
        params.remove("level");
        Params p = new Params(params);
        rule.validate(p);
        return new RuleSetting(level, p);
    }

    private static Level level(YamlNode n) throws PolicyException {
        Level l = Level.parse(n.string());
        if (l == null) {
            throw n.fail("unknown level '" + n.string() + "' (expected deny, warn or off)");
        }
        return l;
    }

    private static CustomRule custom(YamlNode n) throws PolicyException {
        Map<String, YamlNode> m = n.map(CUSTOM);
        for (String required : List.of("id", "expression")) {
            if (!m.containsKey(required)) {
                throw n.fail("a custom rule needs '" + required + "'");
            }
        }
        String id = m.get("id").string();
        if (!ID.matcher(id).matches()) {
            throw m.get("id").fail("a rule id is lower-case letters, digits and '-', got '" + id + "'");
        }
        YamlNode expr = m.get("expression");
        return new CustomRule(id, m.containsKey("level") ? level(m.get("level")) : Level.DENY, expr.string(),
                text(m, "message"), text(m, "rationale"), text(m, "fix"), expr.file().toString(), exprLine(expr));
    }

    /** The line of the expression's first character: block scalars ({@code |}) start on the next line. */
    private static int exprLine(YamlNode expr) {
        return expr.contentLine();
    }

    private static String text(Map<String, YamlNode> m, String key) throws PolicyException {
        return m.containsKey(key) ? m.get(key).string() : null;
    }

    private static Waiver waiver(YamlNode n, Set<String> ids) throws PolicyException {
        Map<String, YamlNode> m = n.map(WAIVER);
        for (String required : List.of("rule", "reason", "expires")) {
            if (!m.containsKey(required)) {
                throw n.fail("an exception needs '" + required + "'");
            }
        }
        String rule = m.get("rule").string();
        if (!ids.contains(rule)) {
            throw m.get("rule").fail("no rule '" + rule + "' to make an exception for");
        }
        String reason = m.get("reason").string();
        if (reason.isBlank()) {
            throw m.get("reason").fail("an exception needs a reason");
        }
        LocalDate expires;
        try {
            expires = LocalDate.parse(m.get("expires").string());
        } catch (DateTimeParseException e) {
            throw m.get("expires").fail("expected a date like 2027-01-31, got '" + m.get("expires").string() + "'");
        }
        return new Waiver(rule, text(m, "subject"), reason, expires, n.where());
    }
}
