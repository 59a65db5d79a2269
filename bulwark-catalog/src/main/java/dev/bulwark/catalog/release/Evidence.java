package dev.bulwark.catalog.release;

import dev.bulwark.catalog.model.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a release's evidence is and how to check it: for each immutable reference it is published at, the
 * commands that verify its signature and attestations and list its referrers (SBOMs, provenance). The key is
 * the publisher's public key, named {@code cosign.pub} in the commands.
 */
public final class Evidence {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private Evidence() {
    }

    /** The references a consumer pins: the immutable (timestamped) tags and files; moving tags only when none. */
    public static List<Publication> pinned(Release r) {
        List<Publication> fixed = r.references().stream().filter(p -> p.kind() != Publication.Kind.MOVING).toList();
        return fixed.isEmpty() ? r.references() : fixed;
    }

    public static List<String> commands(Release r) {
        List<String> out = new ArrayList<>();
        for (Publication p : pinned(r)) {
            String ref = p.reference();
            if (ref.startsWith("docker://")) {
                String byDigest = byDigest(ref.substring("docker://".length()), p.digest());
                out.add("cosign verify --key cosign.pub " + quote(byDigest));
                out.add("cosign verify-attestation --key cosign.pub --type slsaprovenance " + quote(byDigest));
                out.add("bulwark referrers " + quote("docker://" + byDigest));
            } else if (ref.startsWith("oci:")) {
                out.add("bulwark verify " + quote(ref) + " --key cosign.pub");
                out.add("bulwark referrers " + quote(ref));
            }
        }
        return out;
    }

    /** HOST/REPO:TAG → HOST/REPO@DIGEST (a tag after the last slash only; a port is not a tag). */
    static String byDigest(String ref, String digest) {
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        String repo = colon > slash ? ref.substring(0, colon) : ref;
        return repo + "@" + digest;
    }

    static String quote(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
