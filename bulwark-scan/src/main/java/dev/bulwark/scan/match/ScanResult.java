package dev.bulwark.scan.match;

import dev.bulwark.scan.advisory.NoEvidence;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.scan.ecosystem.ComponentScan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a scan: the findings left after VEX, the ones VEX suppressed, packages under limited or ended
 * security support, which advisory sources were consulted, the source packages a source had no evidence for, and
 * what the language components' advisories say (findings, and components that could not be checked).
 */
public record ScanResult(ScanTarget target, List<Finding> findings, List<Suppressed> suppressed,
        List<SupportNote> supportNotes, List<String> advisorySources, List<NoEvidence> noEvidence,
        ComponentScan components) {

    public ScanResult(ScanTarget target, List<Finding> findings, List<Suppressed> suppressed,
                      List<SupportNote> supportNotes, List<String> advisorySources, List<NoEvidence> noEvidence) {
        this(target, findings, suppressed, supportNotes, advisorySources, noEvidence, ComponentScan.NONE);
    }

    public ScanResult {
        Objects.requireNonNull(target, "target");
        findings = List.copyOf(findings);
        suppressed = List.copyOf(suppressed);
        supportNotes = List.copyOf(supportNotes);
        advisorySources = List.copyOf(advisorySources);
        noEvidence = List.copyOf(noEvidence);
        components = components == null ? ComponentScan.NONE : components;
    }

    public ScanResult(ScanTarget target, List<Finding> findings, List<Suppressed> suppressed,
                      List<SupportNote> supportNotes, List<String> advisorySources) {
        this(target, findings, suppressed, supportNotes, advisorySources, List.of());
    }

    /**
     * The findings at or above {@code threshold}: what {@code --fail-on} gates on. A finding of unknown severity counts
     * at every threshold (nobody has said it is minor) unless {@code ignoreUnknown}.
     */
    public List<Finding> atLeast(Severity threshold, boolean ignoreUnknown) {
        return findings.stream().filter(f -> f.severity().compareTo(threshold) >= 0
                || (f.severity() == Severity.UNKNOWN && !ignoreUnknown)).toList();
    }

    /** The language-component findings at or above {@code threshold}, counted as {@link #atLeast} counts. */
    public List<dev.bulwark.scan.ecosystem.ComponentFinding> componentsAtLeast(Severity threshold, boolean ignoreUnknown) {
        return components.findings().stream().filter(f -> f.severity().compareTo(threshold) >= 0
                || (f.severity() == Severity.UNKNOWN && !ignoreUnknown)).toList();
    }

    /** The highest severity among the findings. */
    public Optional<Severity> worst() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo);
    }

    /** The same result with other findings and suppressions (after VEX). */
    public ScanResult with(List<Finding> kept, List<Suppressed> newlySuppressed) {
        List<Suppressed> all = new java.util.ArrayList<>(suppressed);
        all.addAll(newlySuppressed);
        return new ScanResult(target, kept, all, supportNotes, advisorySources, noEvidence, components);
    }
}
