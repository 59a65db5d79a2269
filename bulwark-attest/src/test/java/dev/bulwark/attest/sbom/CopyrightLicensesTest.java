package dev.bulwark.attest.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CopyrightLicensesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "GPL-2+                           | GPL-2.0-or-later",
            "GPL-2+ or Artistic               | GPL-2.0-or-later OR Artistic-1.0-Perl",
            "Expat                            | MIT",
            "BSD-3-clause and public-domain   | BSD-3-Clause AND LicenseRef-public-domain",
            "GPL-3+ with GCC-3.1 exception    | GPL-3.0-or-later WITH GCC-exception-3.1",
            "GPL-2 with OpenSSL exception     | GPL-2.0-only",
            "LGPL-2.1+,                       | LGPL-2.1-or-later",
            "Custom License!                  | LicenseRef-Custom-License",
    })
    void toSpdx_mapsDep5ShortNames(String dep5, String spdx) {
        assertThat(CopyrightLicenses.toSpdx(dep5)).isEqualTo(spdx);
    }

    @Test
    void of_readsDep5LicenseFieldsInOrderWithoutDuplicates() {
        String text = """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                Upstream-Name: zlib

                Files: *
                Copyright: 1995 Jean-loup Gailly
                License: Zlib

                Files: debian/*
                License: GPL-2+
                 This is free software.

                License: Zlib
                 The text.
                """;
        assertThat(CopyrightLicenses.of(text)).containsExactly("Zlib", "GPL-2.0-or-later");
    }

    @Test
    void of_readsCommonLicensesReferencesInFreeFormFiles() {
        String text = """
                This package was debianized by someone.
                You can redistribute it under the GNU GPL, version 2, or (at your option) any later version.
                On Debian systems, see /usr/share/common-licenses/GPL-2.
                """;
        assertThat(CopyrightLicenses.of(text)).containsExactly("GPL-2.0-or-later");
    }

    @Test
    void mappedIds_areAllOnTheSpdxLicenseList() throws Exception {
        Set<String> known = new HashSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("spdx.schema.json")) {
            JsonNode schema = new ObjectMapper().readTree(in);
            schema.path("enum").forEach(n -> known.add(n.asText()));
        }
        assertThat(known).hasSizeGreaterThan(500);
        assertThat(List.copyOf(CopyrightLicenses.mappedIds())).allSatisfy(id -> assertThat(known).contains(id));
    }
}
