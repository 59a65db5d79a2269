package dev.bulwark.cli;

import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The SPEC argument and {@code --arch} selection shared by spec-driven commands. */
final class SpecOptions {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The image spec (YAML).")
    Path spec;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Debian architecture to work on; repeat for several (default: the spec's archs).")
    List<String> archs;

    Spec read() throws BulwarkException {
        return new SpecParser().parse(spec);
    }

    List<String> archs(Spec s) throws BulwarkException {
        if (archs == null || archs.isEmpty()) {
            return s.archs();
        }
        if (s.archs().isEmpty()) {
            return List.copyOf(archs);   // a customization taking its base's archs: the Customizer checks the base has them
        }
        for (String a : archs) {
            if (!s.archs().contains(a)) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot use --arch " + a + ": spec " + spec
                        + " lists archs " + s.archs() + "; add it there first");
            }
        }
        return List.copyOf(archs);
    }
}
