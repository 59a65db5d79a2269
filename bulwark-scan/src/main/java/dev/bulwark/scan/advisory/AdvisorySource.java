package dev.bulwark.scan.advisory;

import dev.bulwark.scan.ScanException;
import java.util.function.Consumer;

/**
 * Somewhere advisories come from: the Debian security tracker JSON, OSV records, archive changelogs. A source hands
 * over the advisories a query wants (it may hand more; the database filters) and says what it is.
 */
public interface AdvisorySource {

    /** A short name for reports: "debian-tracker:/path/file.json", "archive-changelog". */
    String name();

    /** Passes each advisory the query may need to {@code sink}. */
    void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws ScanException;

    /**
     * Like {@link #advisories(AdvisoryQuery, Consumer)}, and also names each source package the source should have
     * spoken about but could not (see {@link NoEvidence}). Sources that always know (a tracker file) need not override.
     */
    default void advisories(AdvisoryQuery query, Consumer<Advisory> sink, Consumer<NoEvidence> silent)
            throws ScanException {
        advisories(query, sink);
    }

    /**
     * Like {@link #advisories(AdvisoryQuery, Consumer, Consumer)}, and also hands language-ecosystem advisories
     * (Maven, PyPI, npm) to {@code components}, marking each ecosystem the data covers. Sources of Debian data only
     * need not override.
     */
    default void advisories(AdvisoryQuery query, Consumer<Advisory> sink, Consumer<NoEvidence> silent,
                            dev.bulwark.scan.ecosystem.ComponentAdvisories components) throws ScanException {
        advisories(query, sink, silent);
    }
}
