package dev.bulwark.builder.assemble;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergedUsrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/bin/ls, /usr/bin/ls",
            "/lib/x86_64-linux-gnu/libc.so.6, /usr/lib/x86_64-linux-gnu/libc.so.6",
            "/lib64/ld-linux-x86-64.so.2, /usr/lib64/ld-linux-x86-64.so.2",
            "/sbin/ldconfig, /usr/sbin/ldconfig",
            "/usr/bin/ls, /usr/bin/ls",
            "/binary/x, /binary/x",
            "/bin, /bin",
            "/etc/bin/x, /etc/bin/x"})
    void canonical_movesMergedDirectoriesUnderUsr(String path, String expected) {
        assertThat(MergedUsr.canonical(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {2} becomes {3}")
    @CsvSource({
            "/bin/python3, /usr/bin/python3, python3.11, python3.11",
            "/bin/sh, /usr/bin/sh, ../usr/bin/dash, dash",
            "/lib64/ld-linux-x86-64.so.2, /usr/lib64/ld-linux-x86-64.so.2, /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2, /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
            "/lib/x86_64-linux-gnu/libz.so.1, /usr/lib/x86_64-linux-gnu/libz.so.1, libz.so.1.2.13, libz.so.1.2.13",
            "/sbin/x, /usr/sbin/x, ../etc/alternatives/x, ../../etc/alternatives/x"})
    void relinked_keepsPointingAtTheSameFile(String oldPath, String newPath, String target, String expected) {
        assertThat(MergedUsr.relinked(oldPath, newPath, target)).isEqualTo(expected);
    }
}
