package dev.bulwark.server.compare;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.reference.AllowedReference;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.reference.ReferenceUnavailable;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a user may compare: {@code NAME} (an image's newest build), {@code NAME:BUILD}, or — on the other side —
 * {@code ref:NAME}, a reference the operator allowed with {@code serve --compare-with}.
 */
public final class Sides {
    public static final String REF = "ref:";

    private Sides() {
    }

    /** The catalogued build {@code spec} names. */
    public static BuildSummary build(Catalog catalog, String spec) throws CatalogException, CompareException {
        int colon = spec.lastIndexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String number = colon < 0 ? "" : spec.substring(colon + 1);
        if (!number.isEmpty() && !number.matches("[1-9][0-9]{0,8}")) {
            throw new CompareException("cannot compare '" + spec + "': give NAME, NAME:BUILD (a build number) or "
                    + REF + "NAME", false);
        }
        if (catalog.find(name).isEmpty()) {
            throw new CompareException("cannot compare '" + spec + "': image " + name + " is not catalogued", true);
        }
        return catalog.build(name, number.isEmpty() ? 0 : Integer.parseInt(number));
    }

    /**
     * Whether {@code spec} names an allowed reference: {@code ref:NAME} with NAME allowed. Anything else is the
     * catalog's ({@code ref:2} is build 2 of an image called {@code ref}, when no reference is called {@code 2}).
     */
    public static boolean isReference(OutsideReferences references, String spec) {
        return spec != null && spec.startsWith(REF) && references.find(spec.substring(REF.length())).isPresent();
    }

    /**
     * The side {@code spec} names, compared with {@code left}: an allowed reference is read for the architectures
     * {@code left} was built for.
     */
    public static ComparedSide side(Catalog catalog, OutsideReferences references, String spec, BuildSummary left)
            throws CatalogException, CompareException, ReferenceUnavailable {
        if (!isReference(references, spec)) {
            if (!spec.startsWith(REF) || catalog.find("ref").isPresent()) {
                return ComparedSide.of(catalog, build(catalog, spec));
            }
        }
        String name = spec.substring(REF.length());
        AllowedReference ref = references.find(name).orElseThrow(() -> new CompareException("cannot compare with '"
                + spec + "': the server allows no reference " + name + " ("
                + (references.allowed().isEmpty() ? "it allows none; the operator adds them with 'serve "
                + "--compare-with NAME=REF'" : "it allows " + String.join(", ", references.allowed().stream()
                .map(r -> REF + r.name()).toList())) + ")", true));
        List<String> archs = left.platforms().stream().map(p -> p.arch()).toList();
        return ComparedSide.of(references.facts(ref, new LinkedHashSet<>(archs)));
    }
}
