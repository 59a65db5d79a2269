package dev.bulwark.catalog.add;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.ref.ReferenceParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Publish targets → the outputs of one build. A tagged target ({@code oci:DIR:TAG}, {@code docker://HOST/REPO:TAG};
 * no tag means {@code latest}) gets an immutable timestamped tag {@code TAG-YYYYMMDDTHHMMSSZ} first and then its
 * moving tag, so the moving tag moves last. An archive file is written as given.
 */
final class Targets {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** One output of the build and how the catalog records it. */
    record Output(ImageReference reference, Publication.Kind kind) {
    }

    private Targets() {
    }

    /** A target as the catalog keeps it: paths absolute, so it means the same from any directory. */
    static ImageReference normalize(ImageReference ref) throws CatalogException {
        if (ref instanceof ImageReference.OciLayout l) {
            return new ImageReference.OciLayout(l.dir().toAbsolutePath().normalize(), l.tag());
        }
        if (ref instanceof ImageReference.OciArchive a) {
            return new ImageReference.OciArchive(a.file().toAbsolutePath().normalize(), a.tag());
        }
        if (ref instanceof ImageReference.DockerArchive d) {
            return new ImageReference.DockerArchive(d.file().toAbsolutePath().normalize(), d.name());
        }
        ImageReference.Registry r = (ImageReference.Registry) ref;
        if (r.digest() != null) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot publish to " + r + ": a digest names one image and "
                    + "cannot be written to; give a tag (docker://" + r.host() + "/" + r.repository() + ":TAG)");
        }
        return r;
    }

    static List<Output> outputs(List<ImageReference> targets, Instant now) throws CatalogException {
        String stamp = STAMP.format(now);
        List<Output> out = new ArrayList<>();
        for (ImageReference t : targets) {
            if (t instanceof ImageReference.OciLayout l) {
                String tag = l.tag() == null ? "latest" : l.tag();
                out.add(new Output(new ImageReference.OciLayout(l.dir(), stamped(t, tag, stamp)), Publication.Kind.IMMUTABLE));
                out.add(new Output(new ImageReference.OciLayout(l.dir(), tag), Publication.Kind.MOVING));
            } else if (t instanceof ImageReference.Registry r) {
                String tag = stamped(t, r.tag(), stamp);
                out.add(new Output(new ImageReference.Registry(r.host(), r.repository(), tag, null), Publication.Kind.IMMUTABLE));
                out.add(new Output(r, Publication.Kind.MOVING));
            } else {
                out.add(new Output(t, Publication.Kind.FILE));
            }
        }
        return out;
    }

    private static String stamped(ImageReference target, String tag, String stamp) throws CatalogException {
        String stamped = tag + "-" + stamp;
        if (!ImageReference.TAG.matcher(stamped).matches()) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot publish to " + target + ": tag '" + tag + "' leaves no "
                    + "room for the timestamped tag " + stamped + " (at most 128 characters); use a shorter tag");
        }
        return stamped;
    }

    static ImageReference parse(String stored) throws CatalogException {
        try {
            return ImageReference.parse(stored);
        } catch (ReferenceParseException e) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot use the catalogued publish target " + stored + ": "
                    + e.getMessage() + "; give --publish again", e);
        }
    }
}
