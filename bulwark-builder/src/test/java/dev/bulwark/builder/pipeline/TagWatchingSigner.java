package dev.bulwark.builder.pipeline;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.signers.KeySigner;
import dev.bulwark.attest.signers.Signer;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.transport.Store;

import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A key signer that, at every signature, notes where the output's tag points then (so a test sees whether the tag
 * moved before the image was signed), and that can be told to fail at its first signature as a signing service or
 * a registry refusing the signature push would.
 */
final class TagWatchingSigner implements Signer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeySigner key = new KeySigner(Keys.generate(RANDOM), RANDOM);
    private final Store store;
    private final String tag;
    private final boolean fail;
    /** Where the tag pointed at each signature: empty while it names nothing. */
    final List<Optional<Descriptor>> tagAtSigning = new ArrayList<>();

    TagWatchingSigner(Store store, String tag, boolean fail) {
        this.store = store;
        this.tag = tag;
        this.fail = fail;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            tagAtSigning.add(store.resolve(tag));
        } catch (OciException e) {
            throw new IllegalStateException("cannot look up " + tag + " in " + store + ": " + e.getMessage(), e);
        }
        if (fail) {
            throw new IllegalStateException("signing refused (test)");
        }
        return key.sign(data);
    }

    @Override
    public ECPublicKey publicKey() {
        return key.publicKey();
    }
}
