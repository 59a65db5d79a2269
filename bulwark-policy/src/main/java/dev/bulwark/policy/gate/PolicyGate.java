package dev.bulwark.policy.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.policy.gate.Gate;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.policy.ImageChecks;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.report.PolicyReport;
import dev.bulwark.policy.report.PolicyReports;
import dev.bulwark.policy.report.RuleResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The build's policy gate: the spec's {@code policy:} file over every architecture's image. No vulnerability scan
 * runs here (the image is not published yet, and {@code bulwark check} scans it afterwards), so the SLA rule sees no
 * findings. Its predicate ({@value PolicyReports#PREDICATE_TYPE}) holds one policy report per architecture.
 */
public final class PolicyGate implements Gate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock;

    public PolicyGate(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public boolean appliesTo(Spec spec) {
        return spec.gates().policy() != null;
    }

    @Override
    public Result check(Spec spec, Map<String, Image> images) throws BulwarkException {
        PolicyEngine engine = new PolicyEngine(clock);
        PolicyEngine.Loaded policy = engine.load(spec.gates().policy());
        ImageChecks checks = new ImageChecks(engine, policy, null);
        List<PolicyReport> reports = new ArrayList<>();
        for (Image image : images.values()) {
            reports.add(checks.check(spec.name(), image, List.of(), null));
        }
        TreeSet<String> denied = new TreeSet<>();
        reports.forEach(r -> r.results().stream().filter(RuleResult::denies).forEach(x -> denied.add(x.id())));
        ObjectNode predicate = JSON.createObjectNode();
        predicate.put("passed", denied.isEmpty());
        predicate.put("policy", policy.policy().source());
        ArrayNode all = predicate.putArray("reports");
        reports.forEach(r -> all.add(PolicyReports.jsonNode(r)));
        String summary = denied.isEmpty() ? "every rule at deny passed" : "rules failed at deny: " + String.join(", ", denied);
        return new Result(name(), denied.isEmpty(), summary, PolicyReports.PREDICATE_TYPE,
                predicate.toString().getBytes(StandardCharsets.UTF_8));
    }
}
