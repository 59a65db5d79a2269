package dev.bulwark.policy.cel;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.policy.CustomRule;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Custom rules in CEL, compiled once per run against the image model's declared variables (docs/policy.md):
 * {@code config}, {@code files}, {@code packages}, {@code vulnerabilities}, {@code annotations}, {@code base},
 * {@code image}. An expression that does not parse, names an unknown variable or function, or does not yield a
 * boolean fails compilation with its file and line.
 */
public final class CelRules {
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
            .addVar("config", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("files", ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)))
            .addVar("packages", ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)))
            .addVar("vulnerabilities", ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)))
            .addVar("annotations", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("base", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("image", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .build();

    /** One compiled rule. */
    public record Compiled(CustomRule rule, CelRuntime.Program program) {
    }

    private final List<Compiled> compiled;

    private CelRules(List<Compiled> compiled) {
        this.compiled = List.copyOf(compiled);
    }

    public List<Compiled> rules() {
        return compiled;
    }

    public static CelRules compile(List<CustomRule> rules) throws PolicyException {
        List<Compiled> out = new ArrayList<>();
        for (CustomRule r : rules) {
            CelAbstractSyntaxTree ast;
            try {
                ast = CEL.compile(r.expression()).getAst();
            } catch (CelValidationException e) {
                CelIssue first = e.getErrors().get(0);
                int line = r.line() + Math.max(0, first.getSourceLocation().getLine() - 1);
                throw new PolicyException(Kind.BAD_INPUT, "cannot compile custom rule '" + r.id() + "' at " + r.file()
                        + ":" + line + ": " + first.getMessage(), e);
            }
            if (!ast.getResultType().equals(SimpleType.BOOL) && !ast.getResultType().equals(SimpleType.DYN)) {
                throw new PolicyException(Kind.BAD_INPUT, "cannot use custom rule '" + r.id() + "' at " + r.file() + ":"
                        + r.line() + ": the expression yields " + ast.getResultType().name() + ", not a bool");
            }
            try {
                out.add(new Compiled(r, CEL.createProgram(ast)));
            } catch (CelEvaluationException e) {
                throw new PolicyException(Kind.BAD_INPUT, "cannot plan custom rule '" + r.id() + "' at " + r.file() + ":"
                        + r.line() + ": " + e.getMessage(), e);
            }
        }
        return new CelRules(out);
    }

    /**
     * Evaluates one rule: true when the image complies. An evaluation error (a missing key, a dyn value that is not
     * a bool) is reported as a failure of that rule with the error, not as a crash.
     */
    public static Outcome evaluate(Compiled c, Map<String, Object> vars) {
        try {
            Object result = c.program().eval(vars);
            if (result instanceof Boolean b) {
                return new Outcome(b, null);
            }
            return new Outcome(false, "the expression yielded " + (result == null ? "null" : result.getClass().getSimpleName())
                    + ", not a bool");
        } catch (CelEvaluationException e) {
            return new Outcome(false, "evaluation failed: " + e.getMessage());
        }
    }

    /** Whether the image complies, or why the rule could not tell. */
    public record Outcome(boolean complies, String error) {
    }

    /** The image model as CEL values: maps, lists, strings, ints (long) and bools. */
    public static Map<String, Object> variables(ImageModel m) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("user", m.config().user());
        config.put("env", m.config().env());
        config.put("entrypoint", m.config().entrypoint());
        config.put("cmd", m.config().cmd());
        config.put("workdir", m.config().workdir());
        config.put("labels", m.config().labels());
        config.put("exposedPorts", m.config().exposedPorts());
        config.put("volumes", m.config().volumes());
        config.put("history", m.config().history());
        config.put("created", m.config().created() == null ? "" : m.config().created().toString());
        List<Object> files = new ArrayList<>();
        m.files().forEach(f -> files.add(Map.of("path", f.path(), "type", f.type(), "mode", (long) f.mode(),
                "uid", f.uid(), "gid", f.gid(), "size", f.size(), "linkTarget", f.linkTarget() == null ? "" : f.linkTarget())));
        List<Object> packages = new ArrayList<>();
        m.packages().forEach(p -> packages.add(Map.of("name", p.name(), "version", p.version(), "architecture",
                p.architecture(), "source", p.source(), "sourceVersion", p.sourceVersion(), "licenses", p.licenses())));
        List<Object> vulns = new ArrayList<>();
        m.vulnerabilities().forEach(v -> vulns.add(Map.of("id", v.id(), "package", v.pkg(), "severity", v.severity(),
                "fixedVersion", v.fixedVersion(), "fixAvailable", v.fixAvailable())));
        Map<String, String> base = new LinkedHashMap<>();
        base.put("name", m.annotations().getOrDefault(ImageModel.BASE_NAME, ""));
        base.put("digest", m.annotations().getOrDefault(ImageModel.BASE_DIGEST, ""));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("config", config);
        vars.put("files", files);
        vars.put("packages", packages);
        vars.put("vulnerabilities", vulns);
        vars.put("annotations", m.annotations());
        vars.put("base", base);
        vars.put("image", Map.of("name", m.name(), "digest", m.digest() == null ? "" : m.digest(), "platform", m.platform()));
        return vars;
    }
}
