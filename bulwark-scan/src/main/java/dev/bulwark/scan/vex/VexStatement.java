package dev.bulwark.scan.vex;

import java.util.List;
import java.util.Objects;

/**
 * One OpenVEX statement: a vulnerability, the products (with optional subcomponents) it speaks about, a status
 * ({@code not_affected}, {@code affected}, {@code fixed}, {@code under_investigation}) and its reasons.
 */
public record VexStatement(String vulnerability, List<Product> products, String status, String justification,
        String impactStatement, String actionStatement) {

    /** The OpenVEX statuses. */
    public static final List<String> STATUSES = List.of("not_affected", "affected", "fixed", "under_investigation");

    /** A product by IRI (usually a purl), with the subcomponents (purls) the statement narrows it to. */
    public record Product(String id, List<String> subcomponents) {
        public Product {
            Objects.requireNonNull(id, "id");
            subcomponents = List.copyOf(subcomponents);
        }
    }

    public VexStatement {
        Objects.requireNonNull(vulnerability, "vulnerability");
        products = List.copyOf(products);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("cannot create VEX statement for " + vulnerability + ": status '" + status
                    + "' is not one of " + STATUSES);
        }
        justification = justification == null ? "" : justification;
        impactStatement = impactStatement == null ? "" : impactStatement;
        actionStatement = actionStatement == null ? "" : actionStatement;
    }

    /** Whether the statement takes a finding off the list (not affected, or fixed). */
    public boolean suppresses() {
        return status.equals("not_affected") || status.equals("fixed");
    }
}
