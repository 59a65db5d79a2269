package dev.bulwark.catalog.bump;

import java.util.List;
import java.util.Objects;

/**
 * One reference behind its image's newest release: found at {@code at}, it moves to digest {@code to} of build
 * {@code toBuild} of {@code image}. {@code fromBuild} is the build it named (0 when the source does not know
 * that digest as a build published to the repository); {@code reason} why build {@code toBuild} was made;
 * {@code fixed} the CVEs the old build had and the new one lacks.
 */
public record Change(Occurrence at, String image, int fromBuild, int toBuild, String to, String reason,
        List<Fix> fixed) {
    public Change {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(image, "image");
        if (to == null || !PinnedReference.DIGEST.matcher(to).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + to);
        }
        reason = reason == null ? "" : reason;
        fixed = List.copyOf(fixed);
    }

    public String from() {
        return at.reference().digest();
    }

    /** The reference as it reads after the bump: the same name and tag, the new digest. */
    public String written() {
        String w = at.written();
        return w.substring(0, w.length() - Occurrence.DIGEST_LENGTH) + to;
    }
}
