package dev.bulwark.debian.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

import dev.bulwark.core.Hex;

/**
 * A set of trusted OpenPGP public keys, read from binary keyrings ({@code .gpg}) or ASCII-armored key blocks.
 * Immutable; {@link #plus(Keyring)} combines two.
 */
public final class Keyring {
    /** Debian's public archive keys bundled as resources (see README.md next to them). */
    static final List<String> BUNDLED = List.of(
            "debian-archive-bookworm-automatic.gpg",
            "debian-archive-bookworm-security-automatic.gpg",
            "debian-archive-bookworm-stable.gpg",
            "debian-archive-trixie-automatic.gpg",
            "debian-archive-trixie-security-automatic.gpg",
            "debian-archive-trixie-stable.gpg");
    static final Path HOST_DEBIAN_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    private static final int MAX_KEYRING_BYTES = 16 * 1024 * 1024;
    private static final String ARMOR_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String ARMOR_END = "-----END PGP PUBLIC KEY BLOCK-----";

    private final List<PGPPublicKeyRing> rings;
    private final List<String> sources;

    private Keyring(List<PGPPublicKeyRing> rings, List<String> sources) {
        this.rings = List.copyOf(rings);
        this.sources = List.copyOf(sources);
    }

    public static Keyring load(InputStream in, String sourceName) throws SignatureException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_KEYRING_BYTES + 1);
        } catch (IOException e) {
            throw new SignatureException("cannot read keyring " + sourceName + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_KEYRING_BYTES) {
            throw new SignatureException("cannot read keyring " + sourceName + ": larger than 16 MiB, not a keyring");
        }
        return new Keyring(parse(bytes, sourceName), List.of(sourceName));
    }

    public static Keyring load(Path path) throws SignatureException {
        try (InputStream in = Files.newInputStream(path)) {
            return load(in, path.toString());
        } catch (IOException e) {
            throw new SignatureException("cannot read keyring " + path + ": " + e, e);
        }
    }

    /**
     * Debian's archive keys: the copies bundled with Bulwark plus the host's
     * {@code /usr/share/keyrings/debian-archive-keyring.gpg} when it exists (it may hold newer keys).
     */
    public static Keyring debianArchive() throws SignatureException {
        return debianArchive(HOST_DEBIAN_KEYRING);
    }

    static Keyring debianArchive(Path hostKeyring) throws SignatureException {
        Keyring keyring = new Keyring(List.of(), List.of());
        for (String name : BUNDLED) {
            try (InputStream in = Keyring.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new SignatureException("cannot read bundled keyring " + name
                            + ": resource missing from the Bulwark jar (a packaging bug)");
                }
                keyring = keyring.plus(load(in, "bundled " + name));
            } catch (IOException e) {
                throw new SignatureException("cannot read bundled keyring " + name + ": " + e.getMessage(), e);
            }
        }
        return Files.isReadable(hostKeyring) ? keyring.plus(load(hostKeyring)) : keyring;
    }

    public Keyring plus(Keyring other) {
        List<PGPPublicKeyRing> all = new ArrayList<>(rings);
        all.addAll(other.rings);
        List<String> allSources = new ArrayList<>(sources);
        allSources.addAll(other.sources);
        return new Keyring(all, allSources);
    }

    /** Primary-key fingerprints, upper-case hex, without duplicates, in load order. */
    public List<String> fingerprints() {
        Set<String> out = new LinkedHashSet<>();
        for (PGPPublicKeyRing ring : rings) {
            out.add(fingerprint(ring.getPublicKey()));
        }
        return List.copyOf(out);
    }

    /** Where the keys came from (file paths or names), for messages. */
    public List<String> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return "Keyring" + fingerprints();
    }

    /** Every (ring, key) whose key (primary or subkey) has this key ID; a key may appear in several loaded files. */
    List<SigningKey> candidates(long keyId) {
        List<SigningKey> out = new ArrayList<>();
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey key = ring.getPublicKey(keyId);
            if (key != null) {
                out.add(new SigningKey(ring, key));
            }
        }
        return out;
    }

    static String fingerprint(PGPPublicKey key) {
        return Hex.encode(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    static String keyId(long id) {
        return String.format(Locale.ROOT, "%016X", id);
    }

    /** A key that may have made a signature, and the ring (certificate) it belongs to. */
    record SigningKey(PGPPublicKeyRing ring, PGPPublicKey key) {
        SigningKey {
            Objects.requireNonNull(ring);
            Objects.requireNonNull(key);
        }

        PGPPublicKey primary() {
            return ring.getPublicKey();
        }
    }

    private static List<PGPPublicKeyRing> parse(byte[] bytes, String sourceName) throws SignatureException {
        if (bytes.length >= 12 && new String(bytes, 8, 4, StandardCharsets.ISO_8859_1).equals("KBXf")) {
            throw new SignatureException("cannot read keyring " + sourceName + ": it is a GnuPG keybox (.kbx); "
                    + "export the keys with 'gpg --export KEYID > file.gpg' and name that file instead");
        }
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            boolean binary = bytes.length > 0 && (bytes[0] & 0x80) != 0; // every OpenPGP packet tag has bit 7 set
            if (!binary && text.contains(ARMOR_BEGIN)) {
                int from = text.indexOf(ARMOR_BEGIN);
                while (from >= 0) {
                    int end = text.indexOf(ARMOR_END, from);
                    if (end < 0) {
                        throw new IOException("armored key block without " + ARMOR_END);
                    }
                    byte[] block = text.substring(from, end + ARMOR_END.length()).getBytes(StandardCharsets.ISO_8859_1);
                    readPackets(new ArmoredInputStream(new ByteArrayInputStream(block)), rings, sourceName);
                    from = text.indexOf(ARMOR_BEGIN, end);
                }
            } else {
                readPackets(new ByteArrayInputStream(bytes), rings, sourceName);
            }
        } catch (IOException | RuntimeException e) {
            throw new SignatureException("cannot read keyring " + sourceName + ": not an OpenPGP public keyring ("
                    + e.getMessage() + ")", e);
        }
        if (rings.isEmpty()) {
            throw new SignatureException("cannot read keyring " + sourceName + ": it holds no OpenPGP public key");
        }
        return rings;
    }

    private static void readPackets(InputStream in, List<PGPPublicKeyRing> rings, String sourceName)
            throws IOException, SignatureException {
        BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
        for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
            if (o instanceof PGPPublicKeyRing ring) {
                rings.add(ring);
            } else if (o instanceof PGPSecretKeyRing) {
                throw new SignatureException("cannot read keyring " + sourceName
                        + ": it holds a secret key; give the public key only (gpg --export, not --export-secret-keys)");
            } else if (!(o instanceof PGPMarker)) {
                throw new IOException("unexpected " + o.getClass().getSimpleName() + " packet");
            }
        }
    }
}
