package dev.bulwark.attest.sbom;

import java.util.Locale;

/** The SBOM formats Bulwark writes, by the names the CLI and cosign's predicate types use. */
public enum SbomFormat {
    SPDX_JSON("spdx-json", "application/spdx+json", "https://spdx.dev/Document"),
    CYCLONEDX_JSON("cyclonedx-json", "application/vnd.cyclonedx+json", "https://cyclonedx.org/bom");

    private final String cliName;
    private final String mediaType;
    private final String predicateType;

    SbomFormat(String cliName, String mediaType, String predicateType) {
        this.cliName = cliName;
        this.mediaType = mediaType;
        this.predicateType = predicateType;
    }

    public String cliName() {
        return cliName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The in-toto predicate type cosign uses for this format ({@code --type spdxjson|cyclonedx}). */
    public String predicateType() {
        return predicateType;
    }

    /** The document's bytes; the same document always gives the same bytes. */
    public byte[] write(SbomDocument document) {
        return switch (this) {
            case SPDX_JSON -> SpdxWriter.write(document);
            case CYCLONEDX_JSON -> CycloneDxWriter.write(document);
        };
    }

    public static SbomFormat parse(String name) throws IllegalArgumentException {
        for (SbomFormat f : values()) {
            if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown SBOM format '" + name + "' (use spdx-json or cyclonedx-json)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
