package dev.bulwark.oci.transport;

import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to write: one image per platform (several make an image index) and the index's annotations.
 * A single image is written as a bare manifest, not wrapped in an index.
 */
public record ImageWrite(List<Image> images, Map<String, String> indexAnnotations) {

    public ImageWrite {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("nothing to write: no images");
        }
        Set<Platform> seen = new HashSet<>();
        for (Image i : images) {
            if (!seen.add(i.platform())) {
                throw new IllegalArgumentException("two images for platform " + i.platform());
            }
        }
        indexAnnotations = indexAnnotations == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(indexAnnotations));
    }

    public static ImageWrite of(Image... images) {
        return new ImageWrite(List.of(images), Map.of());
    }
}
