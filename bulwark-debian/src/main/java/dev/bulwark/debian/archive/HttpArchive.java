package dev.bulwark.debian.archive;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.io.Gunzip;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.SignatureException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * An archive reached over http(s) or {@code file:}, with a cache: each suite's InRelease is kept with its validators
 * and re-fetched conditionally; Packages indexes are kept by SHA-256, so an unchanged InRelease means no index
 * download at all.
 */
public final class HttpArchive implements Archive {

    private static final List<String> INDEX_SUFFIXES = List.of(".xz", ".gz", "");
    /** Debian's InRelease files are around 100 kB (the largest, sid's, under 500 kB). */
    private static final long MAX_INRELEASE = 16L << 20;

    private final MirrorConfig mirror;
    private final HttpTransport transport;
    private final VerifierSource verifiers;
    private ClearsignVerifier verifier;

    /** Makes the verifier when the first InRelease needs it: loading keyrings costs time a build from a lock can skip. */
    @FunctionalInterface
    public interface VerifierSource {
        ClearsignVerifier get() throws SignatureException;

        /**
         * Identifies the trusted keys without loading them (e.g. a digest of the key files), so a verification made
         * with one set of keys is never reused for another; empty disables reuse.
         */
        default String trustId() {
            return "";
        }
    }

    /** How long a verification result is reused: expiry and revocation of keys are noticed within a day. */
    private static final java.time.Duration VERIFIED_LIFETIME = java.time.Duration.ofDays(1);
    private final Path cacheDir;
    private final Clock clock;
    /** How long an InRelease the mirror confirmed is used again without a request; zero for lock, resolve, build. */
    private final java.time.Duration reuseConfirmedFor;
    /** Indexes (by SHA-256) this process has read for a few names without parsing them whole. */
    private final java.util.Set<String> streamedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public HttpArchive(MirrorConfig mirror, HttpTransport transport, ClearsignVerifier verifier, Path cacheDir, Clock clock) {
        this(mirror, transport, () -> verifier, cacheDir, clock);
    }

    public HttpArchive(MirrorConfig mirror, HttpTransport transport, VerifierSource verifiers, Path cacheDir, Clock clock) {
        this(mirror, transport, verifiers, cacheDir, clock, java.time.Duration.ZERO);
    }

    private HttpArchive(MirrorConfig mirror, HttpTransport transport, VerifierSource verifiers, Path cacheDir, Clock clock,
            java.time.Duration reuseConfirmedFor) {
        this.reuseConfirmedFor = reuseConfirmedFor;
        this.mirror = mirror;
        this.transport = transport;
        this.verifiers = verifiers;
        this.cacheDir = cacheDir;
        this.clock = clock;
    }

    public MirrorConfig mirror() {
        return mirror;
    }

    @Override
    public SuiteRelease release(String suite) throws ArchiveException {
        URI uri = mirror.baseFor(suite).resolve("dists/" + suite + "/InRelease");
        Path dir = cacheDir.resolve("indexes").resolve(cacheKey(mirror.baseFor(suite))).resolve(suite);
        Path cachedFile = dir.resolve("InRelease");
        Path metaFile = dir.resolve("InRelease.meta");
        CachedInRelease cached = CachedInRelease.read(cachedFile, metaFile);
        try {
            if (cached.confirmedWithin(reuseConfirmedFor, clock.instant())) {
                // Confirmed by the mirror moments ago: no request, but the bytes are verified as always.
                return verified(suite, uri, cached.bytes(), cached.sha256());
            }
        } catch (SignatureException | IOException | ArchiveException e) {
            // The cached copy does not verify (altered, or the keys changed): ask the mirror as if there were none.
            cached = CachedInRelease.NONE;
        }
        Path fresh = freshFile(dir);
        Download download = transport.get(uri, fresh, new HttpTransport.Expect(-1, null, MAX_INRELEASE),
                cached.etag(), cached.lastModified(), null);
        try {
            byte[] bytes = download.notModified() ? cached.bytes() : Files.readAllBytes(fresh);
            String sha = download.notModified() ? cached.sha256() : dev.bulwark.core.Sha256.hex(bytes);
            SuiteRelease release = verified(suite, uri, bytes, sha);
            if (!download.notModified()) {
                dev.bulwark.core.TempFiles.replace(fresh, cachedFile);
            }
            CachedInRelease.writeMeta(metaFile, sha, download.etag(), download.lastModified(), clock.instant());
            return release;
        } catch (SignatureException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, e.getMessage(), e);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read the cached InRelease of " + suite + " in " + dir
                    + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(fresh);
        }
    }

    /**
     * The same archive, using an InRelease the mirror confirmed less than {@code window} ago without asking again
     * (zero: always ask). For checks run often (scan, outdated); its bytes are still verified on every use, and an
     * InRelease that does not verify is fetched anew.
     */
    public HttpArchive reusingConfirmedInRelease(java.time.Duration window) {
        return new HttpArchive(mirror, transport, verifiers, cacheDir, clock, java.util.Objects.requireNonNull(window));
    }

    private SuiteRelease verified(String suite, URI uri, byte[] bytes, String sha)
            throws SignatureException, IOException, ArchiveException {
        Release release = Release.parse(verifiedText(bytes, sha, uri), uri.toString());
        checkIdentity(suite, uri, release);
        return new SuiteRelease(suite, uri, sha, release);
    }

    /**
     * The signed text of an InRelease. Verification results are kept by the InRelease's SHA-256 (like every other
     * cache entry, written only after the check passed), so an unchanged suite is not verified again on every run —
     * the RSA checks are a noticeable part of a warm resolve. Other bytes, tampered or new, are always verified.
     */
    private String verifiedText(byte[] bytes, String sha, URI uri) throws SignatureException, IOException {
        String trust = verifiers.trustId();
        Path known = trust.isEmpty() ? null
                : cacheDir.resolve("indexes/verified").resolve(dev.bulwark.core.Sha256.key(sha, trust) + ".txt");
        if (known != null && Files.isRegularFile(known) && Files.getLastModifiedTime(known).toInstant()
                .isAfter(clock.instant().minus(VERIFIED_LIFETIME))) {
            return Files.readString(known, StandardCharsets.UTF_8);
        }
        String text = verifier().verify(bytes, uri.toString()).text();
        if (known == null) {
            return text;
        }
        Files.createDirectories(known.getParent());
        Path temp = dev.bulwark.core.TempFiles.createFile(known.getParent(), "verified");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            dev.bulwark.core.TempFiles.replace(temp, known);
        } finally {
            Files.deleteIfExists(temp);
        }
        return text;
    }

    /** A unique name, so two processes sharing the cache never remove each other's download. */
    private static Path freshFile(Path dir) throws ArchiveException {
        try {
            Files.createDirectories(dir);
            return dev.bulwark.core.TempFiles.createFile(dir, "InRelease");
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot write to the cache " + dir + ": " + e.getMessage(), e);
        }
    }

    private synchronized ClearsignVerifier verifier() throws SignatureException {
        if (verifier == null) {
            verifier = verifiers.get();
        }
        return verifier;
    }

    private void checkIdentity(String suite, URI uri, Release release) throws ArchiveException {
        if (!suite.equals(release.suite()) && !suite.equals(release.codename())) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot use " + uri + ": it is signed for suite '" + release.suite()
                    + "' (codename '" + release.codename() + "'), not '" + suite + "'; the mirror may be misconfigured");
        }
        if (release.validUntil() != null && clock.instant().isAfter(release.validUntil())) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot use " + uri + ": it expired on " + release.validUntil()
                    + " (Valid-Until); the mirror is stale, use a current one");
        }
    }

    @Override
    public InputStream openPackages(SuiteRelease suite, String component, String arch) throws ArchiveException {
        String stem = component + "/binary-" + arch + "/Packages";
        ArchiveException unavailable = null;
        for (String suffix : INDEX_SUFFIXES) {
            var hash = suite.release().file(stem + suffix);
            if (hash.isEmpty()) {
                continue;
            }
            String name = suite.suite() + "/" + stem + suffix;
            Path reduced = ReducedIndex.pathFor(cacheDir, hash.get().sha256());
            if (!Files.isRegularFile(reduced)) {
                Path file;
                try {
                    file = fetchIndex(suite, stem + suffix, hash.get());
                } catch (ArchiveException e) {
                    // A mirror may list an index it does not serve (often Packages.xz vs .gz): try the next form.
                    unavailable = unavailable == null ? e : unavailable;
                    continue;
                }
                // Where the InRelease lists the uncompressed index too (Debian's do), the decoded bytes must be it.
                var plain = suffix.isEmpty() ? java.util.Optional.<Release.FileHash>empty() : suite.release().file(stem);
                try (InputStream decoded = decompress(file, suffix, name);
                        InputStream in = plain.isPresent() ? new DecodedIndexCheck(decoded, plain.get(), name) : decoded) {
                    ReducedIndex.write(in, reduced);
                } catch (IOException e) {
                    throw new ArchiveException(Kind.ENVIRONMENT, CorruptionReportingStream.describe(e, name), e);
                }
            }
            try {
                return new BufferedInputStream(Files.newInputStream(reduced), 1 << 16);
            } catch (IOException e) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot read cached index " + reduced + ": " + e.getMessage(), e);
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        throw new ArchiveException(Kind.BAD_INPUT, "cannot find " + stem + " in the Release of " + suite.suite()
                + ": the suite lists components " + suite.release().components() + " and architectures "
                + suite.release().architectures());
    }

    private Path fetchIndex(SuiteRelease suite, String path, Release.FileHash hash) throws ArchiveException {
        Path target = cacheDir.resolve("indexes/sha256").resolve(hash.sha256());
        if (Files.isRegularFile(target)) {
            return target;
        }
        URI base = mirror.baseFor(suite.suite()).resolve("dists/" + suite.suite() + "/");
        HttpTransport.Expect expect = new HttpTransport.Expect(hash.size(), hash.sha256());
        if (suite.release().acquireByHash()) {
            String dir = path.substring(0, path.lastIndexOf('/') + 1);
            try {
                return transport.get(base.resolve(dir + "by-hash/SHA256/" + hash.sha256()), target, expect, null, null, null).file();
            } catch (ArchiveException e) {
                // Mirrors without by-hash directories still serve the plain path; fall back to it.
            }
        }
        return transport.get(base.resolve(path), target, expect, null, null, null).file();
    }

    /** xz's memory limit for an index (its dictionary; Debian's are 8 MiB at most). */
    private static final int INDEX_XZ_LIMIT_KIB = 256 * 1024;

    private static InputStream decompress(Path file, String suffix, String name) throws ArchiveException {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            InputStream in = switch (suffix) {
                // A suite's index is megabytes of xz: the system decoder, several times faster, when the host has one.
                case ".xz" -> dev.bulwark.debian.deb.XzProcessStream.decoding(raw, Files.size(file), INDEX_XZ_LIMIT_KIB);
                case ".gz" -> Gunzip.open(raw, 1 << 16);
                default -> raw;
            };
            return new CorruptionReportingStream(in, name);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read index " + name + ": corrupt " + suffix.substring(1)
                    + " data (" + e.getMessage() + "); delete " + file + " and try again", e);
        }
    }

    /** Every package of the index, from its parsed form (see {@link #index}). */
    @Override
    public List<ArchivePackage> packages(SuiteRelease suite, String component, String arch) throws ArchiveException {
        return index(suite, component, arch).all();
    }

    /**
     * From the parsed index when there is one. Otherwise the first such read of an index in this process takes the
     * verified text once and turns only the wanted stanzas into packages, making no parsed copy (a cold build's
     * stale-lock check reads a changed suite's index this way, for a few names); a second one — a survey of many
     * images after an archive update — parses the index once for all that follow.
     */
    @Override
    public List<ArchivePackage> packages(SuiteRelease suite, String component, String arch,
            PackagesIndexReader.Wanted wanted) throws ArchiveException {
        if (wanted == PackagesIndexReader.Wanted.ALL) {
            return packages(suite, component, arch);
        }
        String stem = component + "/binary-" + arch + "/Packages";
        var key = suite.release().file(stem).or(() -> suite.release().file(stem + ".xz"))
                .or(() -> suite.release().file(stem + ".gz"));
        PackageIndex cached = key.isEmpty() ? null
                : ParsedIndex.open(ParsedIndex.pathFor(cacheDir, key.get().sha256()), suite.suite(), component);
        if (cached == null && key.isPresent() && !streamedOnce.add(key.get().sha256())) {
            cached = index(suite, component, arch);
        }
        if (cached != null) {
            return cached.all().stream().filter(p -> wanted.test(p.name(), p.source())).toList();
        }
        String name = suite.suite() + "/" + stem;
        List<ArchivePackage> out = new java.util.ArrayList<>();
        try (InputStream in = openPackages(suite, component, arch)) {
            PackagesIndexReader.read(in, suite.suite(), component, name, wanted, out::add);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read index " + name + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Parsed once per index (by its SHA-256, which the verified InRelease names) and kept in binary form with tables
     * of names; later runs look names up in it without parsing or decoding the rest.
     */
    @Override
    public PackageIndex index(SuiteRelease suite, String component, String arch) throws ArchiveException {
        String stem = component + "/binary-" + arch + "/Packages";
        var key = suite.release().file(stem).or(() -> suite.release().file(stem + ".xz"))
                .or(() -> suite.release().file(stem + ".gz"));
        if (key.isEmpty()) {
            return PackageIndex.of(Archive.super.packages(suite, component, arch));
        }
        Path parsed = ParsedIndex.pathFor(cacheDir, key.get().sha256());
        PackageIndex cached = ParsedIndex.open(parsed, suite.suite(), component);
        if (cached != null) {
            return cached;
        }
        List<ArchivePackage> packages = Archive.super.packages(suite, component, arch);
        try {
            ParsedIndex.write(packages, parsed);
            // Read back: the file answers lookups without holding every record, and any flaw shows now, not next run.
            PackageIndex written = ParsedIndex.open(parsed, suite.suite(), component);
            if (written != null) {
                return written;
            }
        } catch (IOException e) {
            // Only a speed-up: the next run parses the index again.
        }
        return PackageIndex.of(packages);
    }

    @Override
    public URI poolUri(String suite, String filename) {
        return mirror.baseFor(suite).resolve(filename);
    }

    static String cacheKey(URI base) {
        String s = base.getScheme() + "_" + (base.getHost() == null ? "" : base.getHost())
                + (base.getPort() > 0 ? "_" + base.getPort() : "") + base.getPath();
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale temp file is harmless; the next run replaces it
        }
    }
}
