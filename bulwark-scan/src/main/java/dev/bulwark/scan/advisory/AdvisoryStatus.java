package dev.bulwark.scan.advisory;

/** A release's state for one CVE, as the Debian security tracker names it. */
public enum AdvisoryStatus {
    /** Fixed in the release from {@code fixedVersion} on ({@code "0"}: the release was never affected). */
    RESOLVED,
    /** Affected, no fix yet. */
    OPEN,
    /** Not yet known whether the release is affected. */
    UNDETERMINED;

    /** The tracker's word ("resolved", "open", "undetermined"); anything else reads as undetermined. */
    public static AdvisoryStatus of(String word) {
        return switch (word == null ? "" : word.strip()) {
            case "resolved" -> RESOLVED;
            case "open" -> OPEN;
            default -> UNDETERMINED;
        };
    }
}
