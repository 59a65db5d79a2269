package dev.bulwark.scan.match;

import dev.bulwark.scan.advisory.SecuritySupport;
import java.util.Objects;

/** An installed source package whose security support is limited or has ended in this release. */
public record SupportNote(String source, String version, SecuritySupport.Entry entry) {
    public SupportNote {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(entry, "entry");
    }
}
