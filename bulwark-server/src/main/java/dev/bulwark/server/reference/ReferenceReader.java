package dev.bulwark.server.reference;

import dev.bulwark.catalog.add.BuildScan;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.image.ImageException;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.PlatformChoice;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.scan.match.Targets;
import dev.bulwark.server.ServerException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an allowed reference as {@code bulwark scan REF} reads an image: through the transport's source, which hands
 * out only bytes that match their digest and size; the dpkg database and os-release from the layers
 * ({@link Targets}, by way of the image facts reader); the scan as {@code catalog add} scans a build
 * ({@link BuildScan}). Scan inputs are cached under the cache directory by manifest digest, only once read whole.
 * A reference whose layers declare more than {@link #MAX_LAYER_BYTES} is refused before any layer is read, one that
 * lists more than {@link #MAX_PACKAGES} packages before it is scanned.
 */
public final class ReferenceReader {
    /** The most compressed layer bytes a reference may declare, over the platforms compared. */
    static final long MAX_LAYER_BYTES = 4L << 30;
    /** The most installed packages a reference may list, over the platforms compared. */
    static final int MAX_PACKAGES = 50_000;

    private final RegistryOptions registry;
    private final Path cacheDir;
    private final AdvisoryChoice advisories;
    private final Clock clock;

    public ReferenceReader(RegistryOptions registry, Path cacheDir, AdvisoryChoice advisories, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.advisories = Objects.requireNonNull(advisories, "advisories");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The digest {@code ref} names now: a registry tag or a layout's tag is looked up, a digest taken as given. */
    Digest resolve(AllowedReference ref) throws BulwarkException {
        if (ref.reference() instanceof ImageReference.Registry r && r.digest() != null) {
            return r.digest();
        }
        return ImageSources.open(ref.reference(), registry).root().digest();
    }

    /** The image {@code ref} names at {@code digest}, opened and checked to be that digest. */
    ImageSource open(AllowedReference ref, Digest digest) throws BulwarkException {
        ImageSource source = ImageSources.open(pinned(ref.reference(), digest), registry);
        Digest root = source.root().digest();
        if (!root.equals(digest)) {
            throw new ServerException(Kind.ENVIRONMENT, ref.display() + " moved from " + digest + " to " + root
                    + " while it was read; try again");
        }
        return source;
    }

    /**
     * Reads the platforms {@code chosen} (by Debian architecture; see {@link #platforms}) of {@code source}, which is
     * {@code ref} at {@code digest} ({@link #open}).
     */
    ReferenceFacts read(AllowedReference ref, Digest digest, ImageSource source, Map<String, Platform> chosen)
            throws BulwarkException {
        Map<String, Image> images = new TreeMap<>();
        for (Map.Entry<String, Platform> e : chosen.entrySet()) {
            images.put(e.getKey(), source.image(e.getValue()));
        }
        long size = layerBytes(images);
        List<ReferenceFacts.Package> packages = new ArrayList<>();
        for (Map.Entry<String, Image> e : images.entrySet()) {
            // Read once through the layers; BuildScan below takes the same files from the scan cache this fills.
            for (InstalledPackage p : Targets.fromImage(ref.name(), e.getValue(), null, null, cacheDir).packages()) {
                if (packages.size() >= MAX_PACKAGES) {
                    throw new ServerException(Kind.BAD_INPUT, "it lists more than " + MAX_PACKAGES
                            + " installed packages, more than a reference may have");
                }
                packages.add(new ReferenceFacts.Package(e.getKey(), p.name(), p.version().toString()));
            }
        }
        BuildScan.Result scan = BuildScan.of(ref.name(), images, null, null,
                advisories.sources(images.keySet().iterator().next()), List.of(), cacheDir, clock.instant());
        return new ReferenceFacts(ref.name(), ref.display(), digest.toString(), List.copyOf(images.keySet()), size,
                packages, scan.summary(), scan.findings(), clock.instant());
    }

    /**
     * The layers' compressed size summed over the platforms, as their descriptors declare it; refused before any
     * layer is read when it is over {@link #MAX_LAYER_BYTES} (a declared size near {@code Long.MAX_VALUE} cannot
     * wrap the sum round).
     */
    static long layerBytes(Map<String, Image> images) throws ServerException {
        long size = 0;
        for (Image image : images.values()) {
            for (Layer l : image.layers()) {
                long s = l.descriptor().size();
                if (s > MAX_LAYER_BYTES - size) {
                    throw new ServerException(Kind.BAD_INPUT, "its layers declare more than " + (MAX_LAYER_BYTES >> 30)
                            + " GiB in all, more than a reference may have; nothing of them was read");
                }
                size += s;
            }
        }
        return size;
    }

    /** A registry reference pinned to the digest it resolved to, so a tag moving meanwhile changes nothing. */
    private static ImageReference pinned(ImageReference ref, Digest digest) {
        return ref instanceof ImageReference.Registry r
                ? new ImageReference.Registry(r.host(), r.repository(), null, digest) : ref;
    }

    /** The platforms to compare, by Debian architecture: those wanted, else this machine's, else the first. */
    static Map<String, Platform> platforms(List<Platform> available, Set<String> wanted) throws BulwarkException {
        Map<String, Platform> debian = new LinkedHashMap<>();
        for (Platform p : available) {
            try {
                debian.putIfAbsent(PlatformChoice.debianArch(p), p);
            } catch (ImageException e) {
                // an attestation manifest (unknown/unknown) or a platform Debian does not build for: not compared
            }
        }
        if (debian.isEmpty()) {
            throw new ServerException(Kind.BAD_INPUT, "it has no Debian platform (it lists " + available + ")");
        }
        Map<String, Platform> out = new TreeMap<>();
        debian.forEach((arch, p) -> {
            if (wanted.contains(arch)) {
                out.put(arch, p);
            }
        });
        if (out.isEmpty()) {
            String host = ImageSources.hostArch();
            String arch = debian.containsKey(host) ? host : debian.keySet().iterator().next();
            out.put(arch, debian.get(arch));
        }
        return out;
    }
}
