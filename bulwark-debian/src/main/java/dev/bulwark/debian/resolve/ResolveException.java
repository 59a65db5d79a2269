package dev.bulwark.debian.resolve;

import dev.bulwark.debian.DebianException;
import java.util.List;

/** The request cannot be satisfied; carries the package the problem is about and the chain that led there. */
public class ResolveException extends DebianException {
    private final String packageName;
    private final List<String> chain;

    public ResolveException(String packageName, List<String> chain, String message) {
        super(Kind.BAD_INPUT, message);
        this.packageName = packageName;
        this.chain = List.copyOf(chain);
    }

    public String packageName() {
        return packageName;
    }

    public List<String> chain() {
        return chain;
    }
}
