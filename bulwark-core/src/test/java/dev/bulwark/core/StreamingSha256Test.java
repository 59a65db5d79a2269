package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stream's hash is the same whether it stays in Java or goes to openssl, whatever the sizes of the writes. */
class StreamingSha256Test {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8191, StreamingSha256.SPILL_AT - 1, StreamingSha256.SPILL_AT, StreamingSha256.SPILL_AT + 1,
            5 << 20})
    void everySize_andEveryWayOfWriting_givesJavasHash(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        String expected = Sha256.hex(data);
        for (boolean nativeAllowed : new boolean[] {true, false}) {
            StreamingSha256 whole = new StreamingSha256(nativeAllowed);
            whole.update(data, 0, data.length);
            assertThat(Hex.encode(whole.digest())).isEqualTo(expected);
            assertThat(Hex.encode(whole.digest())).as("a second call").isEqualTo(expected);

            StreamingSha256 pieces = new StreamingSha256(nativeAllowed);
            Random r = new Random(1);
            int at = 0;
            while (at < data.length) {
                if (r.nextInt(8) == 0) {
                    pieces.update(data[at++]);
                } else {
                    int n = Math.min(data.length - at, r.nextInt(300_000));
                    pieces.update(data, at, n);
                    at += n;
                }
            }
            assertThat(Hex.encode(pieces.digest())).isEqualTo(expected);
            assertThatThrownBy(() -> pieces.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @org.junit.jupiter.api.Test
    void anAbandonedStream_leavesNoOpensslRunning() throws Exception {
        java.nio.file.Path tool = NativeSha256.openssl();
        org.junit.jupiter.api.Assumptions.assumeTrue(tool != null || !"true".equals(System.getenv("CI")),
                "openssl is missing (CI=true)");
        org.junit.jupiter.api.Assumptions.assumeTrue(tool != null, "no trusted openssl: the native path is not tested");
        StreamingSha256 s = new StreamingSha256(tool);
        s.update(new byte[3 << 20], 0, 3 << 20);
        assertThat(s.running()).isTrue();
        s.abandon();
        s.abandon();
        for (int i = 0; i < 100 && s.running(); i++) {
            Thread.sleep(10);
        }
        assertThat(s.running()).isFalse();
        StreamingSha256 small = new StreamingSha256(tool);
        small.update(new byte[10], 0, 10);
        assertThat(small.running()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aToolThatStopsReading_isAHashToolError_notAReadError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path quits = tmp.resolve("quits");
        java.nio.file.Files.writeString(quits, "#!/bin/sh\nhead -c 1048576 >/dev/null\nexit 0\n");
        quits.toFile().setExecutable(true);
        StreamingSha256 sha = new StreamingSha256(quits);
        byte[] chunk = new byte[1 << 16];
        // It takes the first MiB, then quits: the pipe breaks on a later write, or at the latest at the answer.
        assertThatThrownBy(() -> {
            for (int i = 0; i < 256; i++) {
                sha.update(chunk, 0, chunk.length);
            }
            sha.digest();
        }).isInstanceOf(HashToolException.class).hasMessageContaining("openssl dgst -sha256");
        sha.abandon();
    }

    @org.junit.jupiter.api.Test
    void aToolThatFails_isAnError_andAToolThatCannotStart_leavesItToJava(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        byte[] data = new byte[2 << 20];
        new Random(3).nextBytes(data);
        java.nio.file.Path failing = tmp.resolve("failing");
        java.nio.file.Files.writeString(failing, "#!/bin/sh\ncat >/dev/null\nexit 1\n");
        failing.toFile().setExecutable(true);
        StreamingSha256 broken = new StreamingSha256(failing);
        broken.update(data, 0, data.length);
        assertThatThrownBy(broken::digest).isInstanceOf(HashToolException.class).hasMessageContaining("cannot hash with");

        StreamingSha256 missing = new StreamingSha256(tmp.resolve("no-such-tool"));
        missing.update(data, 0, data.length);
        assertThat(Hex.encode(missing.digest())).isEqualTo(Sha256.hex(data));
    }

    @org.junit.jupiter.api.Test
    void aByteAfterTheDigest_isRefused() throws Exception {
        StreamingSha256 s = new StreamingSha256(false);
        s.update((byte) 1);
        s.digest();
        assertThatThrownBy(() -> s.update((byte) 2)).isInstanceOf(IllegalStateException.class);
    }

    @org.junit.jupiter.api.Test
    void onlyARootOwnedOpensslThatKnowsTheAnswer_isUsed() {
        java.nio.file.Path tool = NativeSha256.openssl();
        if (tool != null) {
            assertThat(tool.toString()).isIn("/usr/bin/openssl", "/bin/openssl");
        } else if ("true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("no trusted openssl (CI=true): apt-get install openssl");
        }
    }
}
