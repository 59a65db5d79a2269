package dev.bulwark.attest.signers;

import dev.bulwark.attest.AttestException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.transport.Store;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * cosign-compatible image signatures with a key: a simple-signing payload layer at {@code sha256-<hex>.sig},
 * its base64 signature in the {@code dev.cosignproject.cosign/signature} annotation. No transparency log entry
 * is made, so cosign verifies them with {@code --insecure-ignore-tlog}.
 */
public final class CosignSignatures {
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

    private CosignSignatures() {
    }

    /** Signs the manifest or index {@code subject} and appends the signature at its {@code .sig} tag. */
    public static Digest sign(Store store, Digest subject, String dockerReference, Signer signer,
                              Map<String, String> annotations) throws AttestException {
        byte[] payload = new SimpleSigning(dockerReference, subject, annotations).toJson();
        String sig = Base64.getEncoder().encodeToString(signer.sign(payload));
        return CosignImages.append(store, subject, CosignImages.SIG,
                new CosignLayer(SimpleSigning.MEDIA_TYPE, payload, Map.of(SIGNATURE_ANNOTATION, sig)));
    }

    /**
     * The payloads at the subject's {@code .sig} tag whose signature {@code key} made and which name the subject;
     * fails with CHECK_FAILED when there is none.
     */
    public static List<SimpleSigning> verify(Store store, Digest subject, PublicKey key) throws AttestException {
        String tag = CosignImages.tag(subject, CosignImages.SIG);
        List<CosignLayer> layers = CosignImages.read(store, tag);
        if (layers.isEmpty()) {
            throw new AttestException(Kind.CHECK_FAILED, "cannot verify " + subject + ": no signatures at " + tag);
        }
        List<SimpleSigning> good = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CosignLayer layer : layers) {
            String problem = check(layer, subject, key, good);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (good.isEmpty()) {
            throw new AttestException(Kind.CHECK_FAILED, "cannot verify " + subject + ": no valid signature for the"
                    + " key (" + String.join("; ", problems) + ")");
        }
        return good;
    }

    private static String check(CosignLayer layer, Digest subject, PublicKey key, List<SimpleSigning> good) {
        String b64 = layer.annotations().get(SIGNATURE_ANNOTATION);
        if (b64 == null || b64.isEmpty()) {
            return "a layer has no signature annotation";
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return "a signature is not base64";
        }
        byte[] payload = layer.content();
        if (!Signatures.verify(key, payload, sig)) {
            return "a signature does not match the key and payload";
        }
        try {
            SimpleSigning s = SimpleSigning.parse(payload);
            if (!s.manifestDigest().equals(subject)) {
                return "a payload signs " + s.manifestDigest() + ", not this image";
            }
            good.add(s);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
