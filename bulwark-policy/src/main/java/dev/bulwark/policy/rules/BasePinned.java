package dev.bulwark.policy.rules;

import dev.bulwark.policy.model.ImageModel;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A customization names its base by digest ({@code org.opencontainers.image.base.digest}), not by a moving tag. */
public final class BasePinned implements Rule {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    @Override
    public String id() {
        return "base-pinned";
    }

    @Override
    public String rationale() {
        return "a base named by tag can change under the image, so a rebuild is no longer reproducible or reviewable";
    }

    @Override
    public String fix() {
        return "name the base as REPO@sha256:… (or a spec path) so the build records org.opencontainers.image.base.digest";
    }

    @Override
    public Set<String> parameters() {
        return Set.of();
    }

    @Override
    public String notApplicable(ImageModel image) {
        return image.annotations().containsKey(ImageModel.BASE_NAME) || image.annotations().containsKey(ImageModel.BASE_DIGEST)
                ? null : "the image names no base (not a customization)";
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) {
        String digest = image.annotations().get(ImageModel.BASE_DIGEST);
        String name = image.annotations().getOrDefault(ImageModel.BASE_NAME, "");
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            return List.of(new Violation("base", "base " + (name.isEmpty() ? "" : name + " ") + "is not pinned: "
                    + ImageModel.BASE_DIGEST + " is " + (digest == null ? "missing" : "'" + digest + "'")));
        }
        return List.of();
    }
}
