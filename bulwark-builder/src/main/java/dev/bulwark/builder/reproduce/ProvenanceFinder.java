package dev.bulwark.builder.reproduce;

import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.provenance.SlsaProvenance;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;
import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds an image's SLSA v1 provenance where Bulwark and cosign put it: signed at the {@code .att} tag, or unsigned
 * as an OCI referrer of type {@code application/vnd.in-toto+json}. With a key only statements it signed count.
 * The statement must name the image's digest.
 */
public final class ProvenanceFinder {
    static final String IN_TOTO = "application/vnd.in-toto+json";
    private static final int MAX_BYTES = 32 << 20;

    /**
     * A provenance statement, where it was found ({@code repository}'s .att tag or a referrer), the digest of the blob
     * that holds it there (DSSE envelope or bare statement), and whether the key verified it.
     */
    public record Found(Statement statement, String location, Digest blob, boolean verified) {
    }

    private ProvenanceFinder() {
    }

    /** {@code repository}: how locations name the image's repository ({@code host/repo} or {@code oci:DIR}). */
    public static Found find(Store store, Digest root, PublicKey key, String image, String repository)
            throws BulwarkException {
        List<Found> all = new ArrayList<>();
        for (CosignAttestations.Attested a : CosignAttestations.read(store, root, key)) {
            all.add(new Found(a.statement(), repository + ":" + root.dashed() + ".att", a.envelope(), a.signed()));
        }
        all.addAll(referrers(store, root, repository));
        List<Found> provenance = all.stream()
                .filter(f -> SlsaProvenance.PREDICATE_TYPE.equals(f.statement().predicateType())).toList();
        if (provenance.isEmpty()) {
            throw new BuildException(Kind.BAD_INPUT, "cannot reproduce " + image + ": it has no SLSA provenance "
                    + "(neither an attestation at " + root.dashed() + ".att nor an in-toto referrer); build it with "
                    + "'bulwark build' to an oci: or registry output, which attaches one");
        }
        List<Found> trusted = key == null ? provenance : provenance.stream().filter(Found::verified).toList();
        if (trusted.isEmpty()) {
            throw new BuildException(Kind.CHECK_FAILED, "cannot verify the provenance of " + image + ": none of its "
                    + provenance.size() + " provenance statement(s) is signed by the key given");
        }
        for (Found f : trusted) {
            if (f.statement().hasSubject(root)) {
                return f;
            }
        }
        String others = trusted.stream().flatMap(f -> f.statement().subjects().stream())
                .map(s -> s.digest().toString()).distinct().collect(Collectors.joining(", "));
        throw new BuildException(Kind.BAD_INPUT, "cannot reproduce " + image + ": its provenance is about " + others
                + ", not about this image (" + root + "); it belongs to another build");
    }

    private static List<Found> referrers(Store store, Digest root, String repository) throws BulwarkException {
        List<Found> out = new ArrayList<>();
        for (Descriptor d : Referrers.list(store, root, IN_TOTO)) {
            Manifest m = Manifest.parse(store.manifest(d));
            for (Descriptor layer : m.layers()) {
                if (layer.size() > MAX_BYTES) {
                    continue;
                }
                try (InputStream in = store.blob(layer)) {
                    out.add(new Found(Statement.parse(in.readAllBytes()), repository + "@" + d.digest(),
                            layer.digest(), false));
                } catch (IOException e) {
                    // Not a statement (or not intact): it cannot be the provenance.
                }
            }
        }
        return out;
    }
}
