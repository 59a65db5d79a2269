package dev.bulwark.builder.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.provenance.SlsaProvenance;
import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.layer.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a Bulwark provenance (build type v2) says the rebuild needs: the spec's and the lock's exact bytes (each
 * checked against the digest recorded beside it), the architectures, compression and SOURCE_DATE_EPOCH, the Bulwark
 * version that built it, and the SHA-256 of every {@code .deb} it lists. Nothing in it is trusted further than
 * that: names become file names only when they are plain, and the lock is cross-checked with the rest.
 */
public record BuildRecipe(String specName, byte[] specBytes, byte[] lockBytes, List<String> archs, Compression compression,
        long sourceDateEpoch, String builtBy, Set<String> debs) {
    /** The provenance format this Bulwark writes and reads. */
    static final int FORMAT = 2;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final Pattern ARCH = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public BuildRecipe {
        specBytes = specBytes.clone();
        lockBytes = lockBytes.clone();
        archs = List.copyOf(archs);
        debs = Set.copyOf(debs);
    }

    public static BuildRecipe read(Statement provenance) throws BuildException {
        JsonNode p;
        try {
            p = JSON.readTree(provenance.predicate());
        } catch (IOException e) {
            throw bad("its predicate is not JSON: " + e.getMessage());
        }
        checkFormat(p.path("buildDefinition").path("buildType").asText(""));
        JsonNode def = p.path("buildDefinition");
        JsonNode external = def.path("externalParameters");
        byte[] spec = document(external.path("spec"), "spec");
        byte[] lock = document(external.path("lock"), "lock");
        String name = external.path("spec").path("name").asText("");
        JsonNode internal = def.path("internalParameters");
        List<String> archs = Arrays.asList(text(internal, "archs").split(","));
        for (String a : archs) {
            if (!ARCH.matcher(a).matches()) {
                throw bad("internalParameters.archs names '" + FileDifference.escape(a) + "', not a Debian architecture");
            }
        }
        Set<String> debs = new HashSet<>();
        for (JsonNode r : def.path("resolvedDependencies")) {
            if ("application/vnd.debian.binary-package".equals(r.path("mediaType").asText())) {
                debs.add(r.path("digest").path("sha256").asText());
            }
        }
        // Printed to people later: anything but a plain version string is shown escaped.
        String builtBy = FileDifference.escape(p.path("runDetails").path("builder").path("version").path("bulwark")
                .asText("unknown"));
        return new BuildRecipe(PLAIN_NAME.matcher(name).matches() ? name : "spec.yaml", spec, lock, archs,
                compression(text(internal, "compression")), epoch(text(internal, "sourceDateEpoch")), builtBy, debs);
    }

    /** The lock (read from {@link #lockBytes}) agrees with the spec, the epoch and the .debs the provenance lists. */
    public void checkAgainst(Lockfile lock) throws BuildException {
        String specSha = Digest.of(specBytes).hex();
        if (!specSha.equals(lock.specSha256())) {
            throw bad("its lock was made for a spec with SHA-256 " + lock.specSha256() + ", but the spec it records has "
                    + specSha);
        }
        if (lock.sourceDateEpoch() != sourceDateEpoch) {
            throw bad("its lock says SOURCE_DATE_EPOCH " + lock.sourceDateEpoch() + " but internalParameters say "
                    + sourceDateEpoch);
        }
        for (String arch : archs) {
            List<Lockfile.LockedPackage> packages = lock.archs().get(arch);
            if (packages == null) {
                throw bad("it names architecture " + arch + ", which its lock does not pin");
            }
            for (Lockfile.LockedPackage pkg : packages) {
                if (!debs.contains(pkg.sha256())) {
                    throw bad("its lock pins " + pkg.name() + " " + pkg.version() + " (" + arch + ", SHA-256 "
                            + pkg.sha256() + "), which resolvedDependencies do not list");
                }
            }
        }
    }

    private static void checkFormat(String buildType) throws BuildException {
        String prefix = SlsaProvenance.BUILD_TYPE_PREFIX;
        if (!buildType.startsWith(prefix) || !buildType.substring(prefix.length()).matches("[0-9]{1,4}")) {
            throw bad("it was not made by Bulwark (build type '" + FileDifference.escape(buildType) + "'); only Bulwark images can be "
                    + "rebuilt from their provenance");
        }
        int format = Integer.parseInt(buildType.substring(prefix.length()));
        if (format > FORMAT) {
            throw bad("it has build type " + buildType + ", a format newer than this Bulwark reads (up to "
                    + prefix + FORMAT + "); use the Bulwark release that built the image, or a newer one");
        }
        if (format < FORMAT) {
            throw bad("it has build type " + buildType + ", made by an older Bulwark that did not record the lock "
                    + "and compression; build and attest the image again with this Bulwark to make it reproducible");
        }
    }

    /** The content of externalParameters.spec or .lock, checked against its recorded digest. */
    private static byte[] document(JsonNode node, String what) throws BuildException {
        if (!node.path("content").isTextual()) {
            throw bad("externalParameters." + what + ".content is missing");
        }
        byte[] bytes = node.get("content").asText().getBytes(StandardCharsets.UTF_8);
        String recorded = node.path("digest").path("sha256").asText("");
        if (!Digest.of(bytes).hex().equals(recorded)) {
            throw bad("externalParameters." + what + " has digest sha256:" + FileDifference.escape(recorded) + " but its content hashes to "
                    + Digest.of(bytes));
        }
        return bytes;
    }

    private static String text(JsonNode node, String field) throws BuildException {
        if (!node.path(field).isTextual()) {
            throw bad("internalParameters." + field + " is missing");
        }
        return node.get(field).asText();
    }

    private static Compression compression(String name) throws BuildException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gzip" -> Compression.GZIP;
            case "zstd" -> Compression.ZSTD;
            case "none" -> Compression.NONE;
            default -> throw bad("internalParameters.compression is '" + FileDifference.escape(name) + "', not gzip, zstd or none");
        };
    }

    private static long epoch(String value) throws BuildException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad("internalParameters.sourceDateEpoch is '" + FileDifference.escape(value) + "', not a number");
        }
    }

    private static BuildException bad(String why) {
        return new BuildException(Kind.BAD_INPUT, "cannot reproduce from this provenance: " + why);
    }
}
