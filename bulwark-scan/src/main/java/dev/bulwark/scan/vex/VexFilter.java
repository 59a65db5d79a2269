package dev.bulwark.scan.vex;

import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.Suppressed;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies VEX documents to a scan: a statement about a finding's CVE whose product is the image (or the package
 * itself) — narrowed, when it lists subcomponents, to ones that cover the package's binary or source purl — decides
 * the finding; the last such statement wins. {@code not_affected} and {@code fixed} suppress it, keeping the
 * justification so {@code --show-suppressed} can say why.
 */
public final class VexFilter {

    private VexFilter() {
    }

    /** What the VEX documents decided about one finding: the last statement covering it (null: none) and its document. */
    public record Decision(Finding finding, VexStatement statement, String document) {
    }

    public static ScanResult apply(ScanResult result, List<VexDocument> documents) {
        List<Finding> kept = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        for (Decision d : decide(result, documents)) {
            VexStatement s = d.statement();
            if (s != null && s.suppresses()) {
                suppressed.add(new Suppressed(d.finding(), s.status(), s.justification(),
                        s.impactStatement().isEmpty() ? s.actionStatement() : s.impactStatement(), d.document()));
            } else {
                kept.add(d.finding());
            }
        }
        return result.with(kept, suppressed);
    }

    /** Each finding of {@code result} with the statement that decides it, in the scan's order. */
    public static List<Decision> decide(ScanResult result, List<VexDocument> documents) {
        Purl image = PackagePurls.image(result.target());
        java.util.Set<String> named = new java.util.HashSet<>();
        documents.forEach(doc -> doc.statements().forEach(s -> named.add(s.vulnerability())));
        List<Decision> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            VexStatement decisive = null;
            String from = null;
            if (!named.contains(f.cve())) {   // most findings: no statement names the CVE, so no purl is built
                out.add(new Decision(f, null, null));
                continue;
            }
            Purl binary = PackagePurls.binary(f.pkg(), result.target());
            Purl source = PackagePurls.source(f.pkg(), result.target());
            for (VexDocument doc : documents) {
                for (VexStatement s : doc.statements()) {
                    if (s.vulnerability().equals(f.cve()) && applies(s, image, binary, source)) {
                        decisive = s;
                        from = doc.id();
                    }
                }
            }
            out.add(new Decision(f, decisive, from));
        }
        return out;
    }

    static boolean applies(VexStatement s, Purl image, Purl binary, Purl source) {
        for (VexStatement.Product p : s.products()) {
            Purl product = Purl.parse(p.id());
            if (product == null) {
                continue;
            }
            if (product.covers(binary) || product.covers(source)) {
                return true;
            }
            if (image != null && product.covers(image)) {
                if (p.subcomponents().isEmpty()) {
                    return true;
                }
                for (String sub : p.subcomponents()) {
                    Purl subPurl = Purl.parse(sub);
                    if (subPurl != null && (subPurl.covers(binary) || subPurl.covers(source))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
