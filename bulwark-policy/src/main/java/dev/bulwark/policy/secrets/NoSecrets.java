package dev.bulwark.policy.secrets;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.rules.Globs;
import dev.bulwark.policy.rules.Params;
import dev.bulwark.policy.rules.Rule;
import dev.bulwark.policy.rules.Violation;
import dev.bulwark.policy.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * No private key, cloud credential, token or high-entropy secret in the image's text files, environment, labels or
 * history. Files larger than {@code max-file-size} and binary files are skipped; {@code allow-paths} (globs) and
 * {@code allow-values} (regular expressions matching a whole value) are the allow-list.
 */
public final class NoSecrets implements Rule {
    private static final long DEFAULT_MAX = 1 << 20;
    private static final long BATCH_BYTES = 64L << 20;

    @Override
    public String id() {
        return "no-secrets";
    }

    @Override
    public String rationale() {
        return "anything baked into an image is readable by everyone who can pull it, forever, in every copy";
    }

    @Override
    public String fix() {
        return "remove the secret from the build inputs and rotate it; pass secrets at run time (mounted files, a vault)";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("allow-paths", "allow-values", "max-file-size");
    }

    @Override
    public void validate(Params params) throws PolicyException {
        allowValues(params);
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        SecretDetector detector = new SecretDetector(allowValues(params));
        List<String> allowPaths = params.strings("allow-paths", List.of());
        long max = params.integer("max-file-size", DEFAULT_MAX);
        List<SecretFinding> found = new ArrayList<>();
        image.config().env().forEach((k, v) -> found.addAll(detector.scan("env:" + k, k + "=" + v, false)));
        image.config().labels().forEach((k, v) -> found.addAll(detector.scan("label:" + k, k + "=" + v, false)));
        image.annotations().forEach((k, v) -> found.addAll(detector.scan("annotation:" + k, k + "=" + v, false)));
        List<String> history = image.config().history();
        for (int i = 0; i < history.size(); i++) {
            found.addAll(detector.scan("history[" + i + "]", history.get(i), false));
        }
        List<Set<String>> batches = new ArrayList<>();
        Set<String> batch = new HashSet<>();
        long bytes = 0;
        for (FileFact f : image.files()) {
            if (f.isFile() && f.size() > 0 && f.size() <= max && allowPaths.stream().noneMatch(g -> Globs.matches(g, f.path()))) {
                if (bytes + f.size() > BATCH_BYTES && !batch.isEmpty()) {
                    batches.add(batch);
                    batch = new HashSet<>();
                    bytes = 0;
                }
                batch.add(f.path());
                bytes += f.size();
            }
        }
        batches.add(batch);
        // Read in batches so only a bounded number of bytes is in memory at once.
        for (Set<String> b : batches) {
            for (Map.Entry<String, byte[]> e : image.contents().read(b::contains).entrySet()) {
                if (SecretDetector.isText(e.getValue())) {
                    found.addAll(detector.scan(e.getKey(), SecretDetector.decode(e.getValue()), true));
                }
            }
        }
        List<Violation> out = new ArrayList<>();
        for (SecretFinding f : found) {
            String where = f.location() + (f.line() > 0 ? ":" + f.line() : "");
            out.add(new Violation(f.location(), f.detector() + " at " + where + ": " + f.redacted()));
        }
        return out;
    }

    private static List<Pattern> allowValues(Params params) throws PolicyException {
        List<Pattern> out = new ArrayList<>();
        for (String re : params.strings("allow-values", List.of())) {
            try {
                out.add(Pattern.compile(re));
            } catch (PatternSyntaxException e) {
                YamlNode n = params.node("allow-values");
                throw n.fail("invalid regular expression '" + re + "': " + e.getDescription());
            }
        }
        return out;
    }
}
