package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.AddedPackages;
import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.mutate.Mutate;
import dev.bulwark.oci.mutate.RuntimeConfig;
import dev.bulwark.spec.Accounts;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import dev.bulwark.spec.lock.Lockfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * One platform of a customization: the base's image with a layer per added package and one layer of the spec's
 * accounts and paths on top (the base's layers, history and annotations stay byte for byte), the spec's runtime
 * settings over the base's — environment merged; user, entrypoint, cmd, workdir overridden when the spec writes
 * them; labels merged — and the annotations naming the base.
 */
final class CustomAssembler {

    /** What to assemble; {@code debs} maps each locked package's SHA-256 to its verified file in the cache. */
    record Request(Spec spec, SpecLines lines, BaseImage base, String arch, List<Lockfile.LockedPackage> packages,
            Map<String, Path> debs, long sourceDateEpoch, Compression compression, Path tempDir, Path cacheDir) {
    }

    private final ExecutorService pool;

    CustomAssembler(ExecutorService pool) {
        this.pool = pool;
    }

    Image assemble(Request r, Progress progress) throws BulwarkException {
        Image below = r.base().image(r.arch());
        if (below == null) {
            throw new BuildException(Kind.BAD_INPUT, "cannot customize " + r.base().name() + " for " + r.arch() + " ("
                    + r.lines().at("archs") + "): the base has only " + String.join(", ", r.base().archs()));
        }
        BaseContents contents = r.base().contents(r.arch());
        AddedPackages.Result added = AddedPackages.layers(pool, r.packages(), r.debs(), new HashSet<>(r.spec().strip()),
                r.sourceDateEpoch(), r.compression(), r.tempDir(), r.cacheDir(), progress);
        List<TarEntry> custom = new CustomLayer(r.spec(), r.lines(), contents, added).entries();
        Instant created = Instant.ofEpochSecond(r.sourceDateEpoch());
        List<Mutate.Addition> additions = new ArrayList<>();
        for (int i = 0; i < r.packages().size(); i++) {
            Lockfile.LockedPackage p = r.packages().get(i);
            additions.add(new Mutate.Addition(added.layers().get(i), new ImageConfig.History(created,
                    "bulwark: install " + p.name() + "=" + p.version() + " (" + p.architecture() + ")", null, false)));
        }
        if (!custom.isEmpty()) {
            additions.add(new Mutate.Addition(new LayerWriter(r.tempDir(), r.sourceDateEpoch(), r.compression())
                    .write(custom), new ImageConfig.History(created, "bulwark: customize " + r.spec().name()
                    + " (accounts and paths)", null, false)));
        }
        Image image = Mutate.append(below, additions);
        image = Mutate.config(image, runtime(r.spec(), r.lines(), below.config()));
        image = Mutate.created(image, created);
        Map<String, String> annotations = new LinkedHashMap<>(ImageAssembler.annotations(r.spec(), created));
        annotations.put(BaseImage.BASE_NAME, r.base().name());
        annotations.put(BaseImage.BASE_DIGEST, below.digest().toString());
        if (DevVariant.of(r.spec())) {
            annotations.put(DevVariant.ANNOTATION, "dev");
        }
        return Mutate.annotations(image, annotations);
    }

    /** The base's runtime settings with the spec's over them, field by field as the spec writes them. */
    static RuntimeConfig runtime(Spec spec, SpecLines lines, ImageConfig base) {
        RuntimeConfig runtime = RuntimeConfig.of(base);
        if (lines.has("accounts")) {
            Accounts.User user = spec.accounts().runAsUser();
            runtime = runtime.withUser(user.uid() + ":" + user.gid());
        }
        if (lines.has("environment")) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String e : base.env()) {
                int eq = e.indexOf('=');
                env.put(e.substring(0, eq), e.substring(eq + 1));
            }
            spec.environment().forEach((k, v) -> {
                boolean defaultPath = k.equals("PATH") && v.equals(Spec.DEFAULT_PATH) && env.containsKey("PATH");
                if (!defaultPath) {
                    env.put(k, v);
                }
            });
            List<String> merged = new ArrayList<>();
            env.forEach((k, v) -> merged.add(k + "=" + v));
            runtime = runtime.withEnv(merged);
        }
        if (lines.has("entrypoint")) {
            runtime = runtime.withEntrypoint(spec.entrypoint().isEmpty() ? null : spec.entrypoint());
            if (!lines.has("cmd")) {
                runtime = runtime.withCmd(null); // a new entrypoint does not inherit the base's arguments
            }
        }
        if (lines.has("cmd")) {
            runtime = runtime.withCmd(spec.cmd().isEmpty() ? null : spec.cmd());
        }
        if (lines.has("workdir")) {
            runtime = runtime.withWorkingDir(spec.workdir());
        }
        if (lines.has("labels")) {
            Map<String, String> labels = new LinkedHashMap<>(base.labels());
            labels.putAll(spec.labels());
            runtime = runtime.withLabels(labels);
        }
        return runtime;
    }
}
