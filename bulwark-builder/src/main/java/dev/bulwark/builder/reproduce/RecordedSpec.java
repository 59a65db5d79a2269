package dev.bulwark.builder.reproduce;

import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.PathEntry;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecException;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.ref.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The spec a provenance records, parsed where the rebuild writes it. A spec names keyring files beside it; they only
 * verify InRelease files when locking, and a build from a lock never reads them, so each relative keyring that stays
 * inside the work directory gets an empty placeholder (a build that did read one would fail, not trust it). Files a
 * spec copies into the image ({@code paths: source:}) are content the provenance does not hold: refused.
 */
final class RecordedSpec {
    private RecordedSpec() {
    }

    static Spec parse(Path file, byte[] bytes, ImageReference ref) throws BuildException {
        Path folder = file.toAbsolutePath().getParent();
        for (String keyring : keyrings(bytes)) {
            Path placeholder = folder.resolve(keyring).normalize();
            if (!Path.of(keyring).isAbsolute() && placeholder.startsWith(folder) && !Files.exists(placeholder)) {
                try {
                    Files.createDirectories(placeholder.getParent());
                    Files.createFile(placeholder);
                } catch (IOException e) {
                    throw new BuildException(Kind.ENVIRONMENT, "cannot prepare the recorded spec in " + folder + ": "
                            + e.getMessage(), e);
                }
            }
        }
        Spec spec;
        try {
            spec = new SpecParser().parse(file);
        } catch (SpecException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot reproduce " + ref + ": the spec its provenance records "
                    + "does not parse here (" + e.getMessage() + "); files it names beside it are not part of the "
                    + "provenance", e);
        }
        for (PathEntry p : spec.paths()) {
            if (p.source() != null) {
                throw new BuildException(Kind.BAD_INPUT, "cannot reproduce " + ref + ": its spec takes " + p.path()
                        + " from a host file, whose content the provenance does not hold");
            }
        }
        return spec;
    }

    /** The spec's keyrings entries as written, or none when the YAML does not have them as a list of strings. */
    private static List<String> keyrings(byte[] bytes) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            Object root = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
            if (root instanceof Map<?, ?> map && map.get("keyrings") instanceof List<?> list) {
                return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
            }
        } catch (YAMLException e) {
            // The parser reports what is wrong with the spec, with its line and column.
        }
        return List.of();
    }
}
