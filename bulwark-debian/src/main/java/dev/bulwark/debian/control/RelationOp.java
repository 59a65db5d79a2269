package dev.bulwark.debian.control;

import java.util.Optional;

/** A version operator of a relation field (policy 7.1). */
public enum RelationOp {
    LT("<<"), LE("<="), EQ("="), GE(">="), GT(">>");

    private final String symbol;

    RelationOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in control files. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code comparison = candidate.compareTo(required)} satisfies this operator. */
    public boolean test(int comparison) {
        return switch (this) {
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case EQ -> comparison == 0;
            case GE -> comparison >= 0;
            case GT -> comparison > 0;
        };
    }

    /** The operator written as {@code symbol}; the obsolete {@code <} and {@code >} mean {@code <=} and {@code >=}. */
    public static Optional<RelationOp> ofSymbol(String symbol) {
        return Optional.ofNullable(switch (symbol) {
            case "<<" -> LT;
            case "<=", "<" -> LE;
            case "=" -> EQ;
            case ">=", ">" -> GE;
            case ">>" -> GT;
            default -> null;
        });
    }
}
