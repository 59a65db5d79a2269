package dev.bulwark.cli;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.PlatformChoice;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.ImageSource;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The platform options of every command that reads an image: {@code --platform OS/ARCH[/VARIANT]} and its
 * shorthand {@code --arch ARCH} (a Debian architecture), chosen by {@link PlatformChoice}'s one rule.
 */
final class PlatformOptions {
    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = {"Which platform of a multi-platform image, e.g. linux/arm64 (it matches linux/arm64/v8)."
                    + " Without it, a command that reads one platform takes the only one, else this machine's,"
                    + " else stops (exit 2) listing the image's platforms; inspect and check read every platform."})
    List<String> platforms = new ArrayList<>();

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Shorthand for --platform by Debian architecture: amd64, arm64, armhf, i386, ppc64el, s390x, …")
    List<String> archs = new ArrayList<>();

    /** The one platform asked for, or null when none was; giving several fails. */
    Platform wanted() throws BulwarkException {
        List<Platform> all = wantedAll();
        if (all.size() > 1) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot choose a platform: this command reads one; give one"
                    + " --platform or --arch, not " + all);
        }
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every platform asked for, in order; empty when none was. */
    List<Platform> wantedAll() throws BulwarkException {
        List<Platform> out = new ArrayList<>();
        for (String p : platforms) {
            out.add(PlatformChoice.wanted(p, null));
        }
        for (String a : archs) {
            out.add(PlatformChoice.wanted(null, a));
        }
        return out;
    }

    /** The image of {@code source} for the platform asked for, or by the rule when none was. */
    Image select(ImageSource source) throws BulwarkException {
        return ImageSources.select(source, wanted());
    }

    /** The images for every platform asked for (each by the rule), or the one the rule picks when none was. */
    List<Image> selectAll(ImageSource source) throws BulwarkException, OciException {
        List<Platform> wanted = wantedAll();
        if (wanted.isEmpty()) {
            return List.of(ImageSources.select(source, (Platform) null));
        }
        List<Image> out = new ArrayList<>();
        for (Platform p : wanted) {
            out.add(ImageSources.select(source, p));
        }
        return out;
    }
}
