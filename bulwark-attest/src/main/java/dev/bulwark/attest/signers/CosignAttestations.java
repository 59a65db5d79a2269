package dev.bulwark.attest.signers;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.dsse.Dsse;
import dev.bulwark.attest.dsse.Envelope;
import dev.bulwark.attest.dsse.EnvelopeParseException;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.transport.Store;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * cosign-compatible attestations: a DSSE envelope around an in-toto statement, one layer per attestation at
 * {@code sha256-<hex>.att}, annotated with its predicate type as {@code cosign attest} does.
 */
public final class CosignAttestations {
    public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";

    private CosignAttestations() {
    }

    /** Signs the statement (which must name {@code attachTo}) and appends it at {@code attachTo}'s {@code .att} tag. */
    public static Digest attest(Store store, Digest attachTo, Statement statement, Signer signer)
            throws AttestException {
        if (!statement.hasSubject(attachTo)) {
            throw new IllegalArgumentException("the statement is not about " + attachTo);
        }
        Envelope env = Dsse.sign(signer, Statement.PAYLOAD_TYPE, statement.toJson());
        return CosignImages.append(store, attachTo, CosignImages.ATT,
                new CosignLayer(Envelope.MEDIA_TYPE, env.toJson(), Map.of(
                        CosignSignatures.SIGNATURE_ANNOTATION, "",
                        PREDICATE_TYPE_ANNOTATION, statement.predicateType())));
    }

    /** A statement found at an {@code .att} tag: whether the key given signed it, and its envelope's digest. */
    public record Attested(Statement statement, boolean signed, Digest envelope) {
    }

    /**
     * Every in-toto statement at the subject's {@code .att} tag, whatever it is about, each marked whether
     * {@code key} (may be null: nothing is checked) signed it; layers that are not DSSE statements are skipped.
     */
    public static List<Attested> read(Store store, Digest subject, PublicKey key) throws AttestException {
        List<Attested> out = new ArrayList<>();
        for (CosignLayer layer : CosignImages.read(store, CosignImages.tag(subject, CosignImages.ATT))) {
            try {
                Envelope env = Envelope.parse(layer.content());
                if (Statement.PAYLOAD_TYPE.equals(env.payloadType())) {
                    out.add(new Attested(Statement.parse(env.payload()), key != null && Dsse.verify(env, key),
                            Digest.of(layer.content())));
                }
            } catch (EnvelopeParseException | IOException e) {
                // Not a statement cosign or Bulwark wrote; other readers may know it.
            }
        }
        return out;
    }

    /**
     * The statements at the subject's {@code .att} tag that {@code key} signed, that name the subject and (when
     * {@code predicateType} is not null) have that type; fails with CHECK_FAILED when there is none.
     */
    public static List<Statement> verify(Store store, Digest subject, PublicKey key, String predicateType)
            throws AttestException {
        String tag = CosignImages.tag(subject, CosignImages.ATT);
        List<CosignLayer> layers = CosignImages.read(store, tag);
        if (layers.isEmpty()) {
            throw new AttestException(Kind.CHECK_FAILED, "cannot verify attestations of " + subject
                    + ": none at " + tag);
        }
        List<Statement> good = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CosignLayer layer : layers) {
            try {
                Envelope env = Envelope.parse(layer.content());
                if (!Statement.PAYLOAD_TYPE.equals(env.payloadType())) {
                    problems.add("payload type " + env.payloadType());
                } else if (!Dsse.verify(env, key)) {
                    problems.add("an envelope's signature does not match the key and payload");
                } else {
                    Statement s = Statement.parse(env.payload());
                    if (!s.hasSubject(subject)) {
                        problems.add("a statement is not about this image");
                    } else if (predicateType == null || predicateType.equals(s.predicateType())) {
                        good.add(s);
                    }
                }
            } catch (EnvelopeParseException | IOException e) {
                problems.add(e.getMessage());
            }
        }
        if (good.isEmpty()) {
            throw new AttestException(Kind.CHECK_FAILED, "cannot verify attestations of " + subject + ": none is valid"
                    + " for the key" + (predicateType == null ? "" : " with type " + predicateType)
                    + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
        }
        return good;
    }
}
