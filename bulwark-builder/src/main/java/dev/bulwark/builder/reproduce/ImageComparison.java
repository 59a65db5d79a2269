package dev.bulwark.builder.reproduce;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.transport.ImageSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares an image with its rebuild: root (index or manifest), then per platform the manifest, config and every
 * layer digest; the first layer that differs is opened on both sides and compared file by file.
 */
final class ImageComparison {
    /** What the comparison found, before provenance details are added. */
    record Outcome(Digest image, Digest rebuilt, List<ReproduceResult.PlatformComparison> platforms,
            ReproduceResult.LayerDifference difference, String note) {
    }

    private ImageComparison() {
    }

    static Outcome compare(ImageSource image, ImageSource rebuilt) throws BulwarkException {
        Digest imageRoot = image.root().digest();
        Digest rebuiltRoot = rebuilt.root().digest();
        List<Platform> imagePlatforms = image.platforms();
        List<Platform> rebuiltPlatforms = rebuilt.platforms();
        List<ReproduceResult.PlatformComparison> platforms = new ArrayList<>();
        ReproduceResult.LayerDifference difference = null;
        List<String> notes = new ArrayList<>();
        if (!imagePlatforms.equals(rebuiltPlatforms)) {
            notes.add("the image has platforms " + imagePlatforms + ", the rebuild " + rebuiltPlatforms);
        }
        for (Platform p : imagePlatforms) {
            if (!rebuiltPlatforms.contains(p)) {
                continue;
            }
            Image a = image.image(p);
            Image b = rebuilt.image(p);
            platforms.add(new ReproduceResult.PlatformComparison(p, a.digest(), b.digest(),
                    a.manifest().config().digest(), b.manifest().config().digest(), digests(a), digests(b)));
            if (a.digest().equals(b.digest())) {
                continue;
            }
            int first = firstDifferentLayer(a, b);
            if (first >= 0 && difference == null) {
                Layer la = first < a.layers().size() ? a.layers().get(first) : null;
                Layer lb = first < b.layers().size() ? b.layers().get(first) : null;
                difference = new ReproduceResult.LayerDifference(p, first, a.layers().size(),
                        la == null ? null : la.descriptor().digest(), lb == null ? null : lb.descriptor().digest(),
                        la == null || lb == null ? List.of() : LayerDiff.compare(la, lb));
            } else if (first < 0) {
                notes.add(p + ": every layer is identical but the " + (a.manifest().config().digest()
                        .equals(b.manifest().config().digest()) ? "manifest" : "config") + " differs");
            }
        }
        if (!imageRoot.equals(rebuiltRoot) && difference == null && notes.isEmpty()) {
            notes.add("every platform is identical but the index differs (its annotations or order)");
        }
        return new Outcome(imageRoot, rebuiltRoot, platforms, difference, notes.isEmpty() ? null : String.join("; ", notes));
    }

    /** Index of the first layer whose digest differs (or that only one side has), or -1. */
    private static int firstDifferentLayer(Image a, Image b) {
        int n = Math.max(a.layers().size(), b.layers().size());
        for (int i = 0; i < n; i++) {
            if (i >= a.layers().size() || i >= b.layers().size()
                    || !a.layers().get(i).descriptor().digest().equals(b.layers().get(i).descriptor().digest())) {
                return i;
            }
        }
        return -1;
    }

    private static List<Digest> digests(Image image) {
        return image.layers().stream().map(l -> l.descriptor().digest()).toList();
    }
}
