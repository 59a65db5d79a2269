package dev.bulwark.attest.sbom;

import dev.bulwark.oci.Digest;

import java.time.Instant;
import java.util.List;

/** A small, hand-made document: three packages with the shapes that matter (epoch, '+', LicenseRef, OR). */
final class Fixtures {
    static final Digest IMAGE = Digest.of("image".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private Fixtures() {
    }

    static SbomDocument document() {
        return new SbomDocument(new SbomSubject("python3", IMAGE), 13, Instant.ofEpochSecond(1_747_699_200L),
                "0.1.0", List.of(
                new SbomPackage("libstdc++6", "14.2.0-19", "amd64", "gcc-14", "14.2.0-19",
                        "Debian GCC Maintainers <debian-gcc@lists.debian.org>", null, "ab".repeat(32),
                        List.of("GPL-3.0-or-later WITH GCC-exception-3.1"), List.of("libc6")),
                new SbomPackage("libc6", "2.41-12", "amd64", "glibc", null,
                        "GNU Libc Maintainers <debian-glibc@lists.debian.org>", "https://www.gnu.org/software/libc/libc.html",
                        "cd".repeat(32), List.of("LGPL-2.1-or-later", "LicenseRef-public-domain"), List.of()),
                new SbomPackage("perl-base", "1:5.40.1-6", "amd64", "perl", "5.40.1-6", null, null, null,
                        List.of("GPL-1.0-or-later OR Artistic-1.0-Perl"), List.of("libc6", "not-installed"))));
    }
}
