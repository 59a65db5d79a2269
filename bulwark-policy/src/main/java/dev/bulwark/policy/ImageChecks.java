package dev.bulwark.policy;

import dev.bulwark.scan.match.Finding;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.policy.model.EvidenceLookup;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.model.ImageModels;
import dev.bulwark.policy.model.RootfsModels;
import dev.bulwark.policy.report.PolicyReport;
import dev.bulwark.policy.rules.BuiltinRules;
import dev.bulwark.policy.rules.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code check} operation: a loaded policy over every platform of an image (or one), or over a root directory. */
public final class ImageChecks {

    /** Scans one image for vulnerabilities (the vulnerability module, wired by the caller). */
    @FunctionalInterface
    public interface Scanner {
        List<Finding> scan(ImageModel model, Image image) throws BulwarkException;
    }

    private final PolicyEngine engine;
    private final PolicyEngine.Loaded policy;
    private final Scanner scanner;

    /** {@code scanner} may be null when the policy needs no vulnerabilities ({@link #needsVulnerabilities}). */
    public ImageChecks(PolicyEngine engine, PolicyEngine.Loaded policy, Scanner scanner) {
        this.engine = engine;
        this.policy = policy;
        this.scanner = scanner;
    }

    /** Whether any rule of the policy reads vulnerabilities (the SLA rule on, or a CEL rule naming them). */
    public static boolean needsVulnerabilities(PolicyEngine.Loaded policy) {
        var sla = policy.policy().rules().get("vulnerability-sla");
        Level level = sla == null ? BuiltinRules.defaultLevel("vulnerability-sla") : sla.level();
        return level != Level.OFF || policy.policy().custom().stream()
                .anyMatch(c -> c.level() != Level.OFF && c.expression().contains("vulnerabilities"));
    }

    /**
     * Checks each platform's image ({@code only} null: all of them). {@code store} (may be null) is where the image
     * is kept, to look up its signatures and attestations.
     */
    public List<PolicyReport> check(String name, ImageSource source, Platform only, Store store) throws BulwarkException {
        List<PolicyReport> out = new ArrayList<>();
        Digest root = source.root().digest();
        for (Platform p : source.platforms()) {
            if (only != null && !(p.architecture().equals(only.architecture())
                    && (only.variant() == null || only.variant().equals(p.variant())))) {
                continue;
            }
            Image image = source.image(p);
            out.add(check(name, image, store == null ? null : List.of(root, image.digest()), store));
        }
        if (out.isEmpty()) {
            throw new PolicyException(BulwarkException.Kind.BAD_INPUT, "cannot check " + name + " for " + only
                    + ": the image has " + source.platforms());
        }
        return out;
    }

    /** Checks one image; with a store, {@code subjects} are the digests whose evidence counts. */
    public PolicyReport check(String name, Image image, List<Digest> subjects, Store store) throws BulwarkException {
        ImageModel model = ImageModels.of(name, image);
        if (scanner != null && needsVulnerabilities(policy)) {
            model = model.withVulnerabilities(ImageModels.vulnerabilities(scanner.scan(model, image)));
        }
        if (store != null) {
            model = model.withEvidence(EvidenceLookup.lookup(store, subjects));
        }
        return engine.evaluate(policy, model);
    }

    public PolicyReport checkRootfs(Path root, List<Finding> findings) throws BulwarkException {
        ImageModel model = RootfsModels.of(root);
        if (findings != null) {
            model = model.withVulnerabilities(ImageModels.vulnerabilities(findings));
        }
        return engine.evaluate(policy, model);
    }
}
