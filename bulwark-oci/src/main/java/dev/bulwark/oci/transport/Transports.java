package dev.bulwark.oci.transport;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.transport.archive.DockerArchiveSink;
import dev.bulwark.oci.transport.archive.DockerArchiveSource;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.transport.registry.AuthFile;
import dev.bulwark.oci.transport.registry.Credentials;
import dev.bulwark.oci.transport.registry.RegistryClient;
import dev.bulwark.oci.transport.registry.RegistrySink;
import dev.bulwark.oci.transport.registry.RegistrySource;
import dev.bulwark.oci.transport.registry.RegistryStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens the source, sink or store an {@link ImageReference} names, for every transport: {@code oci:},
 * {@code oci-archive:}, {@code docker-archive:} and registries. The one place commands turn a reference into
 * something to read or write.
 */
public final class Transports {

    private Transports() {
    }

    public static ImageSource openSource(ImageReference ref, RegistryOptions options) throws OciException {
        if (ref instanceof ImageReference.OciLayout l) {
            return new LayoutSource(l.dir(), l.tag());
        } else if (ref instanceof ImageReference.OciArchive a) {
            return OciArchives.source(a);
        } else if (ref instanceof ImageReference.DockerArchive a) {
            return new DockerArchiveSource(a.file(), a.name());
        }
        ImageReference.Registry r = (ImageReference.Registry) ref;
        return new RegistrySource(registry(r, options), reference(r));
    }

    public static ImageSink openSink(ImageReference ref, RegistryOptions options) throws OciException {
        if (ref instanceof ImageReference.OciLayout l) {
            return new LayoutSink(l.dir(), l.tag());
        } else if (ref instanceof ImageReference.OciArchive a) {
            return OciArchives.sink(a);
        } else if (ref instanceof ImageReference.DockerArchive a) {
            return new DockerArchiveSink(a.file(), a.name());
        }
        ImageReference.Registry r = (ImageReference.Registry) ref;
        return new RegistrySink(registry(r, options), r.digest() == null ? r.tag() : null, r.digest());
    }

    /**
     * A write target opened once: the sink that writes images to it and, for layouts and registries, the store
     * behind it ({@code store} is null for archives) — one registry connection for the image and the evidence
     * beside it.
     */
    public record Destination(ImageReference reference, ImageSink sink, Store store) {
        public Destination {
            java.util.Objects.requireNonNull(reference, "reference");
            java.util.Objects.requireNonNull(sink, "sink");
        }
    }

    /** Opens {@code ref} for writing; opening has no side effects, nothing is written until the sink writes. */
    public static Destination openDestination(ImageReference ref, RegistryOptions options) throws OciException {
        if (ref instanceof ImageReference.Registry r) {
            RegistryStore store = registry(r, options);
            return new Destination(ref, new RegistrySink(store, r.digest() == null ? r.tag() : null, r.digest()), store);
        }
        Store store = ref instanceof ImageReference.OciLayout ? openStore(ref, options) : null;
        return new Destination(ref, openSink(ref, options), store);
    }

    /**
     * The manifest-and-blob store behind a reference, for reading or writing any manifest at any tag
     * (referrers, cosign signatures): an OCI layout's directory or a registry repository. Archives have none.
     */
    public static Store openStore(ImageReference ref, RegistryOptions options) throws OciException {
        if (ref instanceof ImageReference.OciLayout l) {
            return new LayoutStore(l.dir());
        } else if (ref instanceof ImageReference.Registry r) {
            return registry(r, options);
        }
        throw new OciException(Kind.BAD_INPUT, "cannot open " + ref + " as a store: only oci: layouts"
                + " and registries hold manifests by tag and digest");
    }

    /** The tag or digest a reference names inside its store (null for an untagged layout or archive). */
    public static String reference(ImageReference ref) {
        if (ref instanceof ImageReference.OciLayout l) {
            return l.tag();
        } else if (ref instanceof ImageReference.OciArchive a) {
            return a.tag();
        } else if (ref instanceof ImageReference.DockerArchive a) {
            return a.name();
        }
        ImageReference.Registry r = (ImageReference.Registry) ref;
        return r.digest() != null ? r.digest().toString() : r.tag();
    }

    /**
     * Copies an image (or a whole multi-arch index) between any two references. Between layouts and registries
     * every byte is kept, so every digest stays the same; archives go through images and keep layer, config and
     * (for oci-archive) manifest digests.
     */
    public static ImageCopy.Result copy(ImageReference from, ImageReference to, RegistryOptions options)
            throws OciException {
        return copy(from, to, options, true);
    }

    /**
     * As {@link #copy(ImageReference, ImageReference, RegistryOptions)}; with {@code evidence}, between layouts and
     * registries the image's signatures, attestations and referrers come along (archives hold none).
     */
    public static ImageCopy.Result copy(ImageReference from, ImageReference to, RegistryOptions options,
                                        boolean evidence) throws OciException {
        boolean stores = !(from instanceof ImageReference.DockerArchive) && !(from instanceof ImageReference.OciArchive)
                && !(to instanceof ImageReference.DockerArchive) && !(to instanceof ImageReference.OciArchive);
        if (stores) {
            Store source = openStore(from, options);
            Store target = openStore(to, options);
            String reference = reference(from);
            if (reference == null) {
                reference = new LayoutSource(((ImageReference.OciLayout) from).dir(), null).root().digest().toString();
            }
            // Like build, an untagged oci: target is "latest", so the layout still names its image once the
            // copied signatures and referrers sit beside it.
            String tag = to instanceof ImageReference.Registry r ? (r.digest() == null ? r.tag() : null)
                    : Objects.requireNonNullElse(((ImageReference.OciLayout) to).tag(), "latest");
            ImageCopy.Result result = ImageCopy.copy(source, reference, target, tag, evidence);
            if (to instanceof ImageReference.Registry r && r.digest() != null && !r.digest().equals(result.root().digest())) {
                throw new OciException(Kind.BAD_INPUT, "cannot copy to " + to + ": the image's digest is "
                        + result.root().digest());
            }
            return result;
        }
        ImageSource source = openSource(from, options);
        List<Image> images = new ArrayList<>();
        for (Platform p : source.platforms()) {
            images.add(source.image(p));
        }
        Optional<ImageIndex> index = source.index();
        Map<String, String> annotations = index.isPresent() ? index.get().annotations() : Map.of();
        WriteResult written = openSink(to, options).write(new ImageWrite(images, annotations));
        Descriptor root = written.root();
        return new ImageCopy.Result(new Descriptor(root.mediaType(), root.digest(), root.size()), List.of(), 0);
    }

    static RegistryStore registry(ImageReference.Registry r, RegistryOptions options) throws OciException {
        Credentials creds = options.credentials();
        if (creds == null) {
            Optional<AuthFile> file = AuthFile.locate(options.authFile(), System.getenv(),
                    Path.of(System.getProperty("user.home")));
            if (file.isPresent()) {
                creds = file.get().forHost(r.host()).orElse(null);
            }
        }
        RegistryClient client = new RegistryClient(r.host(), options.insecure(), creds, options.retry(),
                options.confinedAuth());
        return new RegistryStore(client, r.repository(), options.progress(), RegistryStore.DEFAULT_CHUNK);
    }
}
