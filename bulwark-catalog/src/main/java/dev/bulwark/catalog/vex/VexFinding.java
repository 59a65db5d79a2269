package dev.bulwark.catalog.vex;

import java.util.List;
import java.util.Objects;

/**
 * One finding of a build's scan with what VEX said about it: {@code status} is the OpenVEX status of the statement
 * that covered it ({@code not_affected}, {@code affected}, {@code fixed}, {@code under_investigation}), or null when
 * no statement did. A finding VEX suppressed ({@code not_affected}, {@code fixed}) is off the scan's list but kept
 * here, so the API can say why it is not counted.
 */
public record VexFinding(String vulnerability, String packageName, String installedVersion, String fixedVersion,
        String severity, String status, String justification, String statement, String document) {
    public static final List<String> STATUSES = List.of("not_affected", "affected", "fixed", "under_investigation");

    public VexFinding {
        notBlank(vulnerability, "vulnerability");
        notBlank(packageName, "packageName");
        notBlank(installedVersion, "installedVersion");
        notBlank(severity, "severity");
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("VEX status '" + status + "' is not one of " + STATUSES);
        }
        justification = status == null || justification == null ? "" : justification;
        statement = status == null || statement == null ? "" : statement;
        document = status == null || document == null ? "" : document;
    }

    /** A finding no VEX statement covered. */
    public static VexFinding unstated(String vulnerability, String packageName, String installedVersion,
            String fixedVersion, String severity) {
        return new VexFinding(vulnerability, packageName, installedVersion, fixedVersion, severity, null, "", "", "");
    }

    /** Whether VEX took it off the scan's list (not affected, or fixed). */
    public boolean suppressed() {
        return "not_affected".equals(status) || "fixed".equals(status);
    }

    private static void notBlank(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }
}
