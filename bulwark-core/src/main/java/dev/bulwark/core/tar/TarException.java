package dev.bulwark.core.tar;

import dev.bulwark.core.BulwarkException;

/**
 * A tar stream breaks the format: a bad checksum or number field, a lone zero block, a malformed PAX record. Always
 * bad input. {@link #entry()} names the entry at fault as stored (null when the fault is not in one entry), and
 * {@link #why()} says what is wrong, so that a caller can name the archive in its own words.
 */
public final class TarException extends BulwarkException {
    private final String entry;
    private final String why;

    public TarException(String entry, String why) {
        super(Kind.BAD_INPUT, "cannot read tar" + (entry == null ? "" : " entry " + entry) + ": " + why);
        this.entry = entry;
        this.why = why;
    }

    /** The entry's name as stored, or null. */
    public String entry() {
        return entry;
    }

    /** What is wrong, without the entry: "bad tar header checksum at offset 1024". */
    public String why() {
        return why;
    }
}
