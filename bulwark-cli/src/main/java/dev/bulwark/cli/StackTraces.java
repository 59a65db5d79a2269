package dev.bulwark.cli;

import dev.bulwark.core.text.Escape;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Prints a {@code --debug} stack trace with every exception message escaped to one line: a message can carry text
 * from an image (a tag, a media type), and {@link Throwable#printStackTrace} would print its newlines and escape
 * sequences raw.
 */
final class StackTraces {
    private StackTraces() {
    }

    static void print(Throwable t, PrintWriter err) {
        print(t, err, "", "", Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void print(Throwable t, PrintWriter err, String label, String indent, Set<Throwable> seen) {
        if (!seen.add(t)) {
            err.println(indent + label + "[CIRCULAR REFERENCE: " + Escape.text(t.toString()) + "]");
            return;
        }
        err.println(indent + label + Escape.text(t.toString()));
        for (StackTraceElement frame : t.getStackTrace()) {
            err.println(indent + "\tat " + Escape.text(frame.toString()));
        }
        for (Throwable s : t.getSuppressed()) {
            print(s, err, "Suppressed: ", indent + "\t", seen);
        }
        if (t.getCause() != null) {
            print(t.getCause(), err, "Caused by: ", indent, seen);
        }
    }
}
