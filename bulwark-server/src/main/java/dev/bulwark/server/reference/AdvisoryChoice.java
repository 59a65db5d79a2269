package dev.bulwark.server.reference;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.scan.advisory.AdvisorySource;
import java.util.List;

/**
 * Where a reference's scan takes its advisories from: the sources {@code catalog add} scans its builds with (the
 * advisory database when one was fetched, else the archive's changelogs), chosen by the process that serves.
 */
@FunctionalInterface
public interface AdvisoryChoice {
    /** The sources for images of Debian architecture {@code architecture}, most authoritative first. */
    List<AdvisorySource> sources(String architecture) throws BulwarkException;
}
