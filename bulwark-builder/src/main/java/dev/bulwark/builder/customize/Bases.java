package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.reproduce.BuildRecipe;
import dev.bulwark.builder.reproduce.ProvenanceFinder;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.PlatformParseException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import dev.bulwark.spec.SpecException;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.lock.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens what a customization's {@code base:} names. An image must be a Bulwark image: its SLSA provenance (build
 * type {@code urn:bulwark:build:v2}) records the lock its packages come from. A spec file is built from its own lock
 * (made first when missing) into a layout in the cache, exactly as {@code bulwark build} would, and opened from there.
 */
final class Bases {
    /** How a base spec is built: into {@code out}, from the lock at {@code lockPath}. */
    interface SpecBuilder {
        void build(Spec spec, Path lockPath, ImageReference.OciLayout out, Progress progress) throws BulwarkException;
    }

    private final BaseOptions options;
    private final Path cacheDir;
    private final SpecBuilder specBuilder;

    Bases(BaseOptions options, Path cacheDir, SpecBuilder specBuilder) {
        this.options = options;
        this.cacheDir = cacheDir;
        this.specBuilder = specBuilder;
    }

    BaseImage open(Spec spec, SpecLines lines, Progress progress) throws BulwarkException {
        BaseReference ref = BaseReference.of(spec, lines, options.allowUnpinned());
        return ref instanceof BaseReference.SpecFile f ? fromSpec(f, relativeName(spec, f), lines, progress)
                : fromImage((BaseReference.Image) ref, lines, progress);
    }

    /**
     * How a spec base is named in the lock and the annotations: relative to the customization's folder, as written,
     * so a lock stays the same in every checkout.
     */
    private static String relativeName(Spec spec, BaseReference.SpecFile ref) {
        try {
            return spec.file().toAbsolutePath().getParent().toRealPath().relativize(ref.file()).toString();
        } catch (IOException | RuntimeException e) {
            return ref.file().getFileName().toString();
        }
    }

    private BaseImage fromSpec(BaseReference.SpecFile ref, String name, SpecLines lines, Progress progress)
            throws BulwarkException {
        Spec base;
        try {
            base = new SpecParser().parse(ref.file());
        } catch (SpecException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot use base spec " + ref + " (" + lines.at("base") + "): "
                    + e.getMessage(), e);
        }
        Path lockPath = LockfileCodec.lockPathFor(ref.file());
        Path dir = cacheDir.resolve("bases").resolve(base.name() + "-"
                + dev.bulwark.oci.Digest.of(ref.file().toAbsolutePath().toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex().substring(0, 16));
        progress.info("Building base " + ref + " from its lock");
        specBuilder.build(base, lockPath, new ImageReference.OciLayout(dir, "latest"), progress);
        Lockfile lock;
        try {
            lock = LockfileCodec.read(lockPath);
        } catch (LockfileException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot use base spec " + ref + ": its lock " + lockPath + " is "
                    + "not valid: " + e.getMessage(), e);
        }
        ImageSource source = Transports.openSource(new ImageReference.OciLayout(dir, "latest"), options.registry());
        return new BaseImage(name, source.root().digest(), lock, images(source, ref.toString()));
    }

    private BaseImage fromImage(BaseReference.Image ref, SpecLines lines, Progress progress) throws BulwarkException {
        ImageSource source = Transports.openSource(ref.ref(), options.registry());
        Descriptor root = source.root();
        Store store = Transports.openStore(ref.ref(), options.registry());
        BuildRecipe recipe;
        try {
            ProvenanceFinder.Found found = ProvenanceFinder.find(store, root.digest(), null, ref.ref().toString(),
                    repository(ref.ref()));
            recipe = BuildRecipe.read(found.statement());
            progress.info("Base " + ref + " is " + root.digest() + "; its lock comes from " + found.location());
        } catch (BuildException e) {
            if (e.kind() != Kind.BAD_INPUT) {
                throw e;
            }
            throw new BuildException(Kind.BAD_INPUT, "cannot use base '" + ref + "' (" + lines.at("base") + "): it is "
                    + "not a Bulwark image (" + e.getMessage() + "); a customization needs the lock a base was built "
                    + "from, which Bulwark records in its provenance — build the base with 'bulwark build' to an oci: or "
                    + "registry output, or name its spec", e);
        }
        Lockfile lock = lockOf(recipe, ref);
        recipe.checkAgainst(lock);
        return new BaseImage(ref.written(), root.digest(), lock, images(source, ref.toString()));
    }

    private Lockfile lockOf(BuildRecipe recipe, BaseReference.Image ref) throws BulwarkException {
        Path temp = null;
        try {
            Files.createDirectories(cacheDir.resolve("tmp"));
            temp = Files.createTempFile(cacheDir.resolve("tmp"), "base-lock-", ".json");
            Files.write(temp, recipe.lockBytes());
            return LockfileCodec.read(temp);
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot read the lock of base " + ref + ": " + e.getMessage(), e);
        } catch (LockfileException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot use base '" + ref + "': the lock its provenance records "
                    + "is not valid: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static Map<String, Image> images(ImageSource source, String what) throws BulwarkException {
        Map<String, Image> out = new LinkedHashMap<>();
        for (Platform p : source.platforms()) {
            String arch = debianArch(p);
            if (arch == null) {
                throw new BuildException(Kind.BAD_INPUT, "cannot use base " + what + ": its platform " + p
                        + " is not a Debian architecture Bulwark builds");
            }
            out.put(arch, source.image(p));
        }
        return out;
    }

    /** The Debian architecture of an OCI platform (arm64's default variant v8 may be left out), or null. */
    static String debianArch(Platform p) {
        for (String arch : Spec.ARCHITECTURES) {
            try {
                Platform d = Platform.fromDebianArch(arch);
                boolean variant = d.variant() == null || p.variant() == null || d.variant().equals(p.variant());
                if (d.os().equals(p.os()) && d.architecture().equals(p.architecture()) && variant) {
                    return arch;
                }
            } catch (PlatformParseException e) {
                // not a platform this build of Bulwark maps
            }
        }
        return null;
    }

    private static String repository(ImageReference ref) {
        return ref instanceof ImageReference.Registry r ? r.host() + "/" + r.repository()
                : "oci:" + ((ImageReference.OciLayout) ref).dir();
    }
}
