package dev.bulwark.image.inspect;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.image.ImageException;
import dev.bulwark.image.PlatformChoice;
import dev.bulwark.image.facts.ImageFacts;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.ImageSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what is inside an image: for every platform (or those {@code only} matches, by {@link PlatformChoice}'s
 * rule), the manifest and config and the {@link ImageFacts} — so it works on any Debian-based image, including
 * archives made by other tools.
 */
public final class ImageInspector {

    private ImageInspector() {
    }

    public static List<Inspection> inspect(ImageSource source, Platform only) throws BulwarkException {
        var root = source.root();
        boolean index = MediaTypes.isIndex(root.mediaType());
        List<Inspection> out = new ArrayList<>();
        for (Platform p : PlatformChoice.matching(source.platforms(), only)) {
            Image image = source.image(p);
            ImageFacts facts;
            try {
                facts = ImageFacts.read(image);
            } catch (ControlParseException e) {
                throw new ImageException(Kind.BAD_INPUT, "cannot read the package database of " + p + ": " + e.getMessage(), e);
            }
            out.add(new Inspection(root.digest(), index, image, facts.osName(), facts.packages()));
        }
        return out;
    }
}
