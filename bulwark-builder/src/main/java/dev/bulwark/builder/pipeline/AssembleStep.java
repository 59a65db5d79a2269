package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.spec.lock.Lockfile;

import java.util.LinkedHashMap;
import java.util.Map;

/** Assembles one image per requested architecture from the locked, fetched packages; nothing is written to outputs. */
final class AssembleStep implements BuildStep {

    @Override
    public void run(BuildContext context) throws BulwarkException {
        BuildRequest request = context.request();
        Lockfile lock = context.lock();
        ImageAssembler assembler = new ImageAssembler(context.pool());
        Map<String, Image> images = new LinkedHashMap<>();
        for (String arch : request.archs()) {
            images.put(arch, assembler.assemble(new ImageAssembler.Request(request.spec(), arch, lock.archs().get(arch),
                    context.fetch().paths(), lock.sourceDateEpoch(), request.compression(), context.workDir(),
                    context.cacheDir()), context.progress()));
        }
        context.images(images);
    }
}
