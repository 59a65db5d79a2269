package dev.bulwark.cli;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;

/**
 * The image a sign/attest/verify command acts on: the store that holds it and its signatures, the digest its
 * reference resolves to, and the name cosign's payload gives it ({@code host/repo}, or the layout's tag or
 * directory name).
 */
record SigningTarget(ImageReference reference, Store store, Descriptor root, String name) {

    static SigningTarget open(String ref, RegistryOptions options) throws BulwarkException {
        ImageReference parsed = ImageReference.parse(ref);
        if (!(parsed instanceof ImageReference.OciLayout) && !(parsed instanceof ImageReference.Registry)) {
            throw new OciException(Kind.BAD_INPUT, "cannot use " + ref + " for signatures: only oci: layouts and"
                    + " registries hold them; copy the image to one first");
        }
        Store store = Transports.openStore(parsed, options);
        String tagOrDigest = Transports.reference(parsed);
        Descriptor root;
        if (tagOrDigest == null) {
            root = new LayoutSource(((ImageReference.OciLayout) parsed).dir(), null).root();
        } else {
            root = store.resolve(tagOrDigest).orElseThrow(() -> new OciException(Kind.BAD_INPUT,
                    "cannot find image " + ref + ": nothing is tagged " + tagOrDigest));
        }
        String name;
        if (parsed instanceof ImageReference.Registry r) {
            name = r.host() + "/" + r.repository();
        } else {
            ImageReference.OciLayout l = (ImageReference.OciLayout) parsed;
            java.nio.file.Path dirName = l.dir().toAbsolutePath().normalize().getFileName();
            name = dirName == null ? "image" : dirName.toString();
        }
        return new SigningTarget(parsed, store, root, name);
    }

}
