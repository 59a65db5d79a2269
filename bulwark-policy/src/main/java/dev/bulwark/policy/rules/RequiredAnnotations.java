package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The manifest carries the OCI annotations consumers rely on (by default: created, title). */
public final class RequiredAnnotations implements Rule {
    static final List<String> DEFAULT_KEYS = List.of("org.opencontainers.image.created", "org.opencontainers.image.title");

    @Override
    public String id() {
        return "required-annotations";
    }

    @Override
    public String rationale() {
        return "annotations tie an image to its source, version and build date, which catalogues and scanners read";
    }

    @Override
    public String fix() {
        return "add the annotation (a spec's annotations:), e.g. org.opencontainers.image.source";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("keys");
    }

    @Override
    public String notApplicable(ImageModel image) {
        return image.digest() == null ? "a root directory has no manifest" : null;
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        List<Violation> out = new ArrayList<>();
        for (String key : params.strings("keys", DEFAULT_KEYS)) {
            String value = image.annotations().get(key);
            if (value == null || value.isBlank()) {
                out.add(new Violation(key, "annotation " + key + " is missing"));
            }
        }
        return out;
    }
}
