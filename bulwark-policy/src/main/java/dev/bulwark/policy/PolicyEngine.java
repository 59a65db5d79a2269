package dev.bulwark.policy;

import dev.bulwark.policy.cel.CelRules;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.policy.Policy;
import dev.bulwark.policy.policy.PolicyParser;
import dev.bulwark.policy.policy.RuleSetting;
import dev.bulwark.policy.policy.Waiver;
import dev.bulwark.policy.report.PolicyReport;
import dev.bulwark.policy.report.RuleResult;
import dev.bulwark.policy.rules.BuiltinRules;
import dev.bulwark.policy.rules.Level;
import dev.bulwark.policy.rules.Params;
import dev.bulwark.policy.rules.Rule;
import dev.bulwark.policy.rules.Violation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a policy to images: the built-in rules at their levels, the custom CEL rules (compiled once, in
 * {@link #load}), and the exceptions. An exception past its expiry date fails its rule at {@code deny}.
 */
public final class PolicyEngine {
    private final Clock clock;
    private final List<Rule> builtins;

    public PolicyEngine(Clock clock) {
        this.clock = clock;
        this.builtins = BuiltinRules.all(clock);
    }

    public List<Rule> builtins() {
        return builtins;
    }

    /** A policy with its CEL rules compiled, ready for any number of images. */
    public record Loaded(Policy policy, CelRules cel) {
    }

    /** Reads and compiles a policy file (null: the built-in defaults). */
    public Loaded load(Path file) throws PolicyException {
        Policy policy = file == null ? Policy.defaults() : new PolicyParser(builtins).read(file);
        return new Loaded(policy, CelRules.compile(policy.custom()));
    }

    public PolicyReport evaluate(Loaded loaded, ImageModel image) throws PolicyException {
        Policy policy = loaded.policy();
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        List<RuleResult> results = new ArrayList<>();
        for (Rule rule : builtins) {
            RuleSetting s = policy.rules().getOrDefault(rule.id(),
                    new RuleSetting(BuiltinRules.defaultLevel(rule.id()), Params.none()));
            if (s.level() == Level.OFF) {
                results.add(new RuleResult(rule.id(), s.level(), RuleResult.Status.SKIPPED, rule.rationale(), rule.fix(),
                        List.of(), List.of(), "off in the policy"));
                continue;
            }
            String na = rule.notApplicable(image);
            if (na != null) {
                results.add(new RuleResult(rule.id(), s.level(), RuleResult.Status.SKIPPED, rule.rationale(), rule.fix(),
                        List.of(), List.of(), na));
                continue;
            }
            results.add(judge(rule.id(), s.level(), rule.rationale(), rule.fix(), rule.evaluate(image, s.params()),
                    policy, today, ""));
        }
        var vars = CelRules.variables(image);
        for (CelRules.Compiled c : loaded.cel().rules()) {
            if (c.rule().level() == Level.OFF) {
                results.add(new RuleResult(c.rule().id(), Level.OFF, RuleResult.Status.SKIPPED, c.rule().rationale(),
                        c.rule().fix(), List.of(), List.of(), "off in the policy"));
                continue;
            }
            CelRules.Outcome o = CelRules.evaluate(c, vars);
            List<Violation> v = o.complies() ? List.of()
                    : List.of(new Violation("image", o.error() == null ? c.rule().message() : c.rule().message() + " (" + o.error() + ")"));
            results.add(judge(c.rule().id(), c.rule().level(), c.rule().rationale(), c.rule().fix(), v, policy, today,
                    o.error() == null ? "" : o.error()));
        }
        return new PolicyReport(image.name(), image.digest(), image.platform(), policy.source(), results);
    }

    private static RuleResult judge(String id, Level level, String rationale, String fix, List<Violation> found,
            Policy policy, LocalDate today, String note) {
        List<Violation> failing = new ArrayList<>();
        List<Violation> waived = new ArrayList<>();
        Level effective = level;
        for (Waiver w : policy.waivers()) {
            if (w.rule().equals(id) && w.expired(today)) {
                failing.add(new Violation("exception", "the exception at " + w.where() + " (" + w.reason()
                        + ") expired on " + w.expires() + "; renew or remove it"));
                effective = Level.DENY;
            }
        }
        for (Violation v : found) {
            boolean covered = policy.waivers().stream().anyMatch(w -> !w.expired(today) && w.covers(id, v.subject()));
            (covered ? waived : failing).add(v);
        }
        RuleResult.Status status = failing.isEmpty() ? RuleResult.Status.PASSED : RuleResult.Status.FAILED;
        return new RuleResult(id, effective, status, rationale, fix, failing, waived, note);
    }
}
