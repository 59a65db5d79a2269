package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FakeDebTest {

    static FakeDeb sample(Compression c) {
        return FakeDeb.builder("hello", "1:2.10-3", "amd64")
                .field("Depends", "libc6 (>= 2.36)")
                .field("Source", "hello-src (2.10-3)")
                .field("Description", "says hello\nlong text\n\nmore")
                .file("/usr/bin/hello", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file("etc/hello.conf", "x=1\n".getBytes(StandardCharsets.UTF_8), 0644)
                .symlink("/usr/bin/hi", "hello")
                .hardlink("/usr/bin/hello2", "/usr/bin/hello")
                .conffiles("/etc/hello.conf")
                .compression(c)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void build_writesArMembersInDpkgOrder(Compression c) {
        byte[] deb = sample(c).bytes();
        assertThat(new String(deb, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("!<arch>\n");
        assertThat(arMembers(deb)).containsExactly("debian-binary", "control.tar" + c.suffix(), "data.tar" + c.suffix());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void build_isDeterministic(Compression c) {
        assertThat(sample(c).bytes()).isEqualTo(sample(c).bytes());
        assertThat(sample(c).sha256()).hasSize(64);
    }

    @Test
    void controlStanza_listsFieldsWithInstalledSizeAndDescriptionLast() {
        FakeDeb deb = sample(Compression.XZ);
        assertThat(deb.controlStanza()).isEqualTo("""
                Package: hello
                Source: hello-src (2.10-3)
                Version: 1:2.10-3
                Architecture: amd64
                Maintainer: Bulwark Testkit <testkit@example.invalid>
                Installed-Size: 7
                Depends: libc6 (>= 2.36)
                Description: says hello
                 long text
                 .
                 more
                """);
        assertThat(deb.source()).isEqualTo("hello-src");
        assertThat(deb.fileName()).isEqualTo("hello_2.10-3_amd64.deb");
    }

    private static List<String> arMembers(byte[] deb) {
        List<String> names = new ArrayList<>();
        int pos = 8;
        while (pos + 60 <= deb.length) {
            String header = new String(deb, pos, 60, StandardCharsets.US_ASCII);
            names.add(header.substring(0, 16).trim());
            int size = Integer.parseInt(header.substring(48, 58).trim());
            pos += 60 + size + (size % 2);
        }
        return names;
    }
}
