package dev.bulwark.builder.assemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.layer.FileLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached layers are used only when every blob still hashes to its record, big sets (hashed by openssl) included. */
class LayerCacheTest {

    @TempDir
    Path tmp;

    private FileLayer layer(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Path f = Files.write(tmp.resolve(name), b);
        return new FileLayer(f, Descriptor.of(MediaTypes.OCI_LAYER_GZIP, b), Digest.of(("tar of " + name).getBytes()), size);
    }

    @Test
    void everyLayerProven_orNone() throws Exception {
        LayerCache cache = new LayerCache(tmp.resolve("cache"));
        FileLayer a = cache.put("key-a", layer("a", 3 << 20, 1));   // 6 MiB in all: past the native threshold
        FileLayer b = cache.put("key-b", layer("b", 3 << 20, 2));
        assertThat(cache.findAll(List.of("key-a", "key-b"))).hasValueSatisfying(found ->
                assertThat(found).extracting(l -> l.descriptor().digest())
                        .containsExactly(a.descriptor().digest(), b.descriptor().digest()));
        assertThat(cache.findAll(List.of("key-a", "key-missing"))).isEmpty();

        byte[] damaged = Files.readAllBytes(b.file());
        damaged[damaged.length / 3] ^= 1;   // same size: only the hash can tell
        Files.write(b.file(), damaged);
        assertThat(cache.findAll(List.of("key-a", "key-b"))).isEmpty();
        assertThat(cache.find("key-b")).isEmpty();
        assertThat(cache.find("key-a")).isPresent();
    }
}
