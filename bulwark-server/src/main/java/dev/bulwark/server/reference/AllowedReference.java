package dev.bulwark.server.reference;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.ref.ReferenceParseException;
import dev.bulwark.server.ServerException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image outside the catalog that the operator lets dashboard and API users compare against
 * ({@code serve --compare-with NAME=REF}): users name it, never give a reference themselves, so a read token cannot
 * make the server fetch from an address of its choosing. A registry reference or an {@code oci:} layout; archives
 * ({@code oci-archive:}, {@code docker-archive:}) are refused, as they would be unpacked again on every read.
 */
public record AllowedReference(String name, ImageReference reference) {
    /** A short slug: it appears in addresses ({@code ?with=ref:NAME}) and in the page's select. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

    public AllowedReference {
        Objects.requireNonNull(reference, "reference");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad reference name: " + name);
        }
    }

    /** Parses {@code NAME=REF}; nothing is read from the reference (the server starts even if it is down). */
    public static AllowedReference parse(String option) throws ServerException {
        int eq = option == null ? -1 : option.indexOf('=');
        if (eq < 0) {
            throw bad(option, "give NAME=REF, e.g. plain=docker://HOST/debian:trixie");
        }
        String name = option.substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            throw bad(option, "the name '" + name + "' is not a short slug (lower-case letters, digits, '.', '_', '-';"
                    + " at most 32, starting with a letter or digit)");
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(option.substring(eq + 1));
        } catch (ReferenceParseException e) {
            throw bad(option, e.getMessage());
        }
        if (ref instanceof ImageReference.OciArchive || ref instanceof ImageReference.DockerArchive) {
            throw bad(option, "an archive would be unpacked again on every read; unpack it once (skopeo copy "
                    + "oci-archive:FILE oci:DIR:TAG) and give oci:DIR:TAG, or give docker://HOST/REPO:TAG");
        }
        return new AllowedReference(name, absolute(ref));
    }

    /** A local reference means the same whatever directory a request finds the server in. */
    private static ImageReference absolute(ImageReference ref) {
        if (ref instanceof ImageReference.OciLayout l) {
            return new ImageReference.OciLayout(l.dir().toAbsolutePath().normalize(), l.tag());
        }
        return ref;
    }

    private static ServerException bad(String option, String why) {
        return new ServerException(Kind.BAD_INPUT, "cannot use --compare-with " + option + ": " + why);
    }

    /** The reference as the operator gave it, normalized (skopeo syntax): for the operator (start, server log). */
    public String shown() {
        return reference.toString();
    }

    /**
     * The reference as dashboard and API users see it: a registry reference whole; a layout without its local
     * directory, which is the operator's business.
     */
    public String display() {
        if (reference instanceof ImageReference.OciLayout l) {
            return "oci layout" + (l.tag() == null ? "" : ", tag " + l.tag());
        }
        return reference.toString();
    }

    /** {@code message} with the layout's local directory (if this is a layout) replaced by its name. */
    public String hideLocal(String message) {
        if (reference instanceof ImageReference.OciLayout l) {
            return message.replace(l.dir().toString(), "<layout of ref:" + name + ">");
        }
        return message;
    }
}
