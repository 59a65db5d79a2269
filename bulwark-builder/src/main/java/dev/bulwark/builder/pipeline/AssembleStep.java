package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.spec.lock.Lockfile;

import java.util.LinkedHashMap;
import java.util.Map;

/** Assembles one image per requested architecture from the locked, fetched packages; nothing is written to outputs. */
final class AssembleStep implements BuildStep {
    private final Locker locker;

    AssembleStep(Locker locker) {
        this.locker = locker;
    }

    @Override
    public void run(BuildContext context) throws BulwarkException {
        BuildRequest request = context.request();
        if (request.spec().isCustomization()) {
            customize(context);
            return;
        }
        Lockfile lock = context.lock();
        ImageAssembler assembler = new ImageAssembler(context.pool());
        PendingFetch pending = context.pendingFetch();
        ImageAssembler.Debs debs;
        dev.bulwark.core.Progress progress;
        if (pending != null) {
            debs = pending;   // each layer starts as soon as its package is in
            progress = pending.after(context.progress());
        } else {
            Map<String, java.nio.file.Path> paths = context.fetch().paths();
            debs = paths::get;
            progress = context.progress();
        }
        Map<String, Image> images = new LinkedHashMap<>();
        for (String arch : request.archs()) {
            images.put(arch, assembler.assemble(new ImageAssembler.Request(request.spec(), arch, lock.archs().get(arch),
                    debs, lock.sourceDateEpoch(), request.compression(), context.workDir(), context.cacheDir()),
                    progress));
        }
        context.fetch();   // every download has ended (the layers needed them all), and none failed
        context.images(images);
    }

    /** A customization: each platform on top of its base's image, and index annotations that name the base. */
    private void customize(BuildContext context) throws BulwarkException {
        BuildRequest request = context.request();
        Lockfile lock = context.lock();
        var customizer = locker.customizer(request.spec());
        Map<String, Image> images = new LinkedHashMap<>();
        for (String arch : request.archs()) {
            images.put(arch, customizer.assemble(context.pool(), request.spec(), arch, lock.archs().get(arch),
                    context.fetch().paths(), lock.sourceDateEpoch(), request.compression(), context.workDir(),
                    context.progress()));
        }
        context.images(images);
        context.indexAnnotations(customizer.indexAnnotations(request.spec(), ImageAssembler.annotations(request.spec(),
                java.time.Instant.ofEpochSecond(lock.sourceDateEpoch())), context.progress()));
    }
}
