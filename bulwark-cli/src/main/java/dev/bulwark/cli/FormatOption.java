package dev.bulwark.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format text|json}, the same on every verb whose result is one report. Verbs with other report formats
 * (scan and check: table, json, sarif; sbom; test) keep their own option, named the same.
 */
final class FormatOption {
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
