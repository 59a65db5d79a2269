package dev.bulwark.oci;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Public API signatures use JDK and Bulwark types only; Jackson stays behind {@code internal}. */
class ApiSurfaceTest {

    @Test
    void publicSignatures_neverMentionJackson() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : publicClasses()) {
            if (c.getPackageName().endsWith(".internal")) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                Stream.concat(Stream.of(m.getGenericReturnType()), Stream.of(m.getGenericParameterTypes()))
                        .map(Object::toString).filter(t -> t.contains("com.fasterxml"))
                        .forEach(t -> leaks.add(c.getName() + "." + m.getName() + ": " + t));
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static List<Class<?>> publicClasses() throws URISyntaxException, Exception {
        Path root = Path.of(OciException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
                if (Modifier.isPublic(c.getModifiers())) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
