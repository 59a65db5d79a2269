package dev.bulwark.scan.vex;

import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryStatus;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.core.Hex;
import dev.bulwark.debian.installed.InstalledPackage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes what Debian itself says about an image's packages as OpenVEX: releases never affected
 * ({@code not_affected}, {@code vulnerable_code_not_present}), minor issues Debian will not fix by a security upload
 * ({@code affected} with an action statement), and CVEs the installed version already fixes ({@code fixed}). Open and
 * fixable issues are left to the scan: a VEX document states decisions, not findings.
 */
public final class DebianVex {

    private DebianVex() {
    }

    /** The statements for {@code target} from {@code db}; the document's id is derived from its content. */
    public static VexDocument generate(ScanTarget target, AdvisoryDb db, String author, Instant timestamp) {
        Purl image = PackagePurls.image(target);
        Map<String, List<InstalledPackage>> bySource = new TreeMap<>();
        target.packages().forEach(p -> bySource.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p));
        List<VexStatement> statements = new ArrayList<>();
        for (Map.Entry<String, List<InstalledPackage>> e : bySource.entrySet()) {
            InstalledPackage lowest = e.getValue().stream().min(Comparator.comparing(InstalledPackage::sourceVersion))
                    .orElseThrow();
            List<Advisory> advisories = new ArrayList<>(db.find(e.getKey(), target.release()));
            advisories.sort(Comparator.comparing(Advisory::cve));
            for (Advisory a : advisories) {
                VexStatement s = statement(a, lowest, products(image, e.getValue(), target));
                if (s != null) {
                    statements.add(s);
                }
            }
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("target", target.digest() == null ? target.name() : target.digest());
        identity.put("statements", statements.toString());
        return new VexDocument("urn:bulwark:vex:" + sha256(identity.toString()), author, timestamp, 1, statements);
    }

    private static VexStatement statement(Advisory a, InstalledPackage p, List<VexStatement.Product> products) {
        String release = a.release();
        if (a.neverAffected()) {
            return new VexStatement(a.cve(), products, "not_affected", "vulnerable_code_not_present",
                    "Debian " + release + " never shipped the vulnerable code of " + a.source() + " (security tracker)", "");
        }
        if (a.status() == AdvisoryStatus.RESOLVED && p.sourceVersion().compareTo(a.fixedVersion()) >= 0) {
            return new VexStatement(a.cve(), products, "fixed", "", "", "");
        }
        if (a.status() == AdvisoryStatus.OPEN && (!a.nodsa().isEmpty() || !a.nodsaReason().isEmpty())) {
            String why = a.nodsa().isEmpty() ? "minor issue" : a.nodsa();
            String reason = a.nodsaReason().isEmpty() ? "" : " (" + a.nodsaReason() + ")";
            return new VexStatement(a.cve(), products, "affected", "", "",
                    "Debian will not fix this in " + release + " with a security upload" + reason + ": " + why
                            + "; a fix may come with a point release");
        }
        return null;
    }

    private static List<VexStatement.Product> products(Purl image, List<InstalledPackage> pkgs, ScanTarget target) {
        List<String> subs = pkgs.stream().map(p -> PackagePurls.binary(p, target).toString()).sorted().toList();
        if (image != null) {
            return List.of(new VexStatement.Product(image.toString(), subs));
        }
        return subs.stream().map(s -> new VexStatement.Product(s, List.of())).toList();
    }

    private static String sha256(String text) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
