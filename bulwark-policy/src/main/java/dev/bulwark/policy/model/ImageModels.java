package dev.bulwark.policy.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.sbom.ImageSboms;
import dev.bulwark.attest.sbom.SbomPackage;
import dev.bulwark.attest.sbom.SbomSubject;
import dev.bulwark.scan.match.Finding;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.policy.PolicyException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link ImageModel} of an image (through its layers) or of a root directory. */
public final class ImageModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageModels() {
    }

    /**
     * The model of one image: config, merged file tree, and packages with licences as the SBOM reads them (an image
     * without a Debian os-release has no package list). Vulnerabilities and evidence are added by the caller.
     */
    public static ImageModel of(String name, Image image) throws PolicyException {
        List<FileFact> files = new ArrayList<>();
        try {
            for (ImageFiles.Entry e : ImageFiles.list(image)) {
                files.add(new FileFact(e.path(), e.type().name().toLowerCase(Locale.ROOT), e.mode(), e.uid(), e.gid(),
                        e.size(), e.linkTarget()));
            }
        } catch (OciException e) {
            throw new PolicyException(e.kind(), "cannot read the files of " + name + ": " + e.getMessage(), e);
        }
        List<PackageFact> packages = new ArrayList<>();
        boolean hasDatabase = files.stream().anyMatch(f -> f.path().startsWith("/var/lib/dpkg/status"));
        if (hasDatabase) {
            try {
                for (SbomPackage p : ImageSboms.read(image, new SbomSubject(name, image.digest()), Instant.EPOCH, "policy",
                        List.of()).packages()) {
                    packages.add(new PackageFact(p.name(), p.version(), p.architecture(), p.sourceName(),
                            p.sourceVersion(), p.licenses()));
                }
            } catch (AttestException e) {
                throw new PolicyException(e.kind(), "cannot read the packages of " + name + ": " + e.getMessage(), e);
            }
        }
        FileContents contents = wanted -> {
            try {
                return ImageFiles.read(image, wanted);
            } catch (OciException e) {
                throw new PolicyException(e.kind(), "cannot read files of " + name + ": " + e.getMessage(), e);
            }
        };
        return new ImageModel(name, image.digest().toString(), image.platform().toString(),
                config(image.config(), image.rawConfig()), files, packages, List.of(),
                image.manifest().annotations(), null, contents);
    }

    /** The config facts, with exposed ports and volumes read from the raw config (the parsed form drops them). */
    static ConfigFact config(ImageConfig c, byte[] rawConfig) throws PolicyException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : c.env()) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        List<String> ports = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        if (rawConfig != null) {
            try {
                JsonNode conf = JSON.readTree(rawConfig).path("config");
                conf.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
                conf.path("Volumes").fieldNames().forEachRemaining(volumes::add);
            } catch (IOException e) {
                throw new PolicyException(Kind.BAD_INPUT, "cannot read the image config: " + e.getMessage(), e);
            }
        }
        List<String> history = c.history().stream().map(h -> h.createdBy() == null ? "" : h.createdBy()).toList();
        return new ConfigFact(c.user(), env, c.entrypoint() == null ? List.of() : c.entrypoint(),
                c.cmd() == null ? List.of() : c.cmd(), c.workingDir(), c.labels(), ports, volumes, history, c.created());
    }

    /** The scan's findings as facts. */
    public static List<VulnerabilityFact> vulnerabilities(List<Finding> findings) {
        List<VulnerabilityFact> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(new VulnerabilityFact(f.cve(), f.pkg().name(), f.severity().word(),
                    f.fixedVersion() == null ? "" : f.fixedVersion().toString(), f.fixAvailable()));
        }
        return out;
    }
}
