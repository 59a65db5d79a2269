package dev.bulwark.builder.customize;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Image;
import dev.bulwark.spec.lock.Lockfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image a customization builds on, opened and checked: the name its spec gives it, the digest it resolved to
 * (index or manifest), the lock it was built from (its distribution, suites and SOURCE_DATE_EPOCH), and one image per
 * Debian architecture. What each platform holds is read from its layers on first use, once.
 */
public final class BaseImage {
    /** OCI annotations a customization carries about its base. */
    public static final String BASE_NAME = "org.opencontainers.image.base.name";
    public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

    private final String name;
    private final Digest digest;
    private final Lockfile lock;
    private final Map<String, Image> images;
    private final Map<String, BaseContents> contents = new HashMap<>();

    BaseImage(String name, Digest digest, Lockfile lock, Map<String, Image> images) {
        this.name = name;
        this.digest = digest;
        this.lock = lock;
        this.images = java.util.Collections.unmodifiableMap(new TreeMap<>(images));
    }

    public String name() {
        return name;
    }

    public Digest digest() {
        return digest;
    }

    /** The lock the base was built from. */
    public Lockfile lock() {
        return lock;
    }

    /** The Debian architectures the base has, sorted. */
    public List<String> archs() {
        return List.copyOf(images.keySet());
    }

    /** The base's image for a Debian architecture, or null. */
    public Image image(String arch) {
        return images.get(arch);
    }

    /** How a customization's lock pins this base. */
    public Lockfile.BaseImage pin() {
        return new Lockfile.BaseImage(name, digest.toString());
    }

    /** The suites the base's packages come from, in its lock's order. */
    public List<String> suites() {
        return lock.suites().stream().map(Lockfile.LockedSuite::name).toList();
    }

    synchronized BaseContents contents(String arch) throws BulwarkException {
        BaseContents c = contents.get(arch);
        if (c == null) {
            c = BaseContents.read(images.get(arch), name + " (" + arch + ")");
            contents.put(arch, c);
        }
        return c;
    }
}
