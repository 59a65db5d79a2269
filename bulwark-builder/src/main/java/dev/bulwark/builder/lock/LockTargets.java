package dev.bulwark.builder.lock;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.debian.control.Paragraph;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A lock's packages of one architecture as what an image built from it would have installed. */
public final class LockTargets {

    private LockTargets() {
    }

    /** The packages {@code lock} pins for {@code arch}, as a scan target named {@code name}. */
    public static ScanTarget target(String name, Lockfile lock, String arch) throws VersionParseException {
        List<InstalledPackage> packages = new ArrayList<>();
        for (Lockfile.LockedPackage p : lock.archs().getOrDefault(arch, List.of())) {
            DebianVersion version = DebianVersion.parse(p.version());
            DebianVersion sourceVersion = p.sourceVersion() == null || p.sourceVersion().isEmpty() ? version
                    : DebianVersion.parse(p.sourceVersion());
            Paragraph control = new Paragraph(List.of(new Paragraph.Field("Package", p.name(), 0),
                    new Paragraph.Field("Version", p.version(), 0), new Paragraph.Field("Architecture", p.architecture(), 0)), 0);
            packages.add(new InstalledPackage(p.name(), version, p.architecture(), p.source(), sourceVersion, "", control));
        }
        List<String> suites = lock.suites().stream().map(Lockfile.LockedSuite::name).toList();
        OsRelease os = new OsRelease("debian", "", lock.distribution(), "", Map.of());
        return new ScanTarget(name + " (" + arch + ")", null, os, lock.distribution(),
                suites.isEmpty() ? ScanTarget.defaultSuites(lock.distribution()) : suites, packages);
    }
}
