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

    @ParameterizedTest
    @ValueSource(ints = {10, 3 << 20})
    void anAbandonedStream_leavesNothingRunning(int size) throws Exception {
        StreamingSha256 s = new StreamingSha256();
        s.update(new byte[size], 0, size);
        s.abandon();
        s.abandon();
    }
}
