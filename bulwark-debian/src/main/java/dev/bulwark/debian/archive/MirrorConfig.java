package dev.bulwark.debian.archive;

import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Debian archive is: the base URL for {@code <codename>} and {@code <codename>-updates}, and the one for
 * {@code <codename>-security}, which Debian serves from its own base. Chosen from, in order: the {@code --mirror} flag,
 * {@code BULWARK_MIRROR}, the host's apt sources. A mirror given explicitly serves every suite unless a security mirror
 * is given too ({@code --security-mirror}, {@code BULWARK_SECURITY_MIRROR}).
 */
public record MirrorConfig(URI archive, URI security, String origin) {

    public MirrorConfig {
        archive = withSlash(archive);
        security = withSlash(security == null ? archive : security);
    }

    /** The base URL serving {@code suite}. */
    public URI baseFor(String suite) {
        return suite.endsWith("-security") ? security : archive;
    }

    /**
     * Picks the mirror from a flag, the environment, or the apt sources under {@code aptDir} (normally /etc/apt).
     */
    public static MirrorConfig resolve(String mirrorFlag, String securityFlag, Map<String, String> env, Path aptDir)
            throws ArchiveException {
        String explicit = mirrorFlag != null ? mirrorFlag : env.get("BULWARK_MIRROR");
        String explicitSecurity = securityFlag != null ? securityFlag : env.get("BULWARK_SECURITY_MIRROR");
        if (explicit != null && !explicit.isBlank()) {
            String origin = mirrorFlag != null ? "--mirror" : "BULWARK_MIRROR";
            URI sec = explicitSecurity == null || explicitSecurity.isBlank() ? null : parse(explicitSecurity, "security mirror");
            return new MirrorConfig(parse(explicit, origin), sec, origin);
        }
        List<AptSources.Entry> entries;
        try {
            entries = AptSources.read(aptDir);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read apt sources under " + aptDir + ": " + e.getMessage()
                    + "; give the archive with --mirror URL or BULWARK_MIRROR", e);
        }
        Optional<AptSources.Entry> main = entries.stream().filter(e -> isDebian(e, false)).findFirst();
        Optional<AptSources.Entry> sec = entries.stream().filter(e -> isDebian(e, true)).findFirst();
        if (main.isEmpty()) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot find a Debian archive: no --mirror, no BULWARK_MIRROR, "
                    + "and no Debian suite in the apt sources under " + aptDir
                    + "; give the archive's base URL with --mirror URL or BULWARK_MIRROR");
        }
        URI securityUri = explicitSecurity != null && !explicitSecurity.isBlank() ? parse(explicitSecurity, "security mirror")
                : sec.map(AptSources.Entry::uri).orElse(null);
        return new MirrorConfig(main.get().uri(), securityUri, "apt sources (" + main.get().origin() + ")");
    }

    private static boolean isDebian(AptSources.Entry entry, boolean security) {
        for (String suite : entry.suites()) {
            String codename = suite.contains("-") ? suite.substring(0, suite.indexOf('-')) : suite;
            boolean isSecurity = suite.endsWith("-security") || suite.endsWith("/updates");
            if (dev.bulwark.debian.release.DebianReleases.isSuiteName(codename) && isSecurity == security) {
                return true;
            }
        }
        return false;
    }

    private static URI parse(String text, String origin) throws ArchiveException {
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")
                    || uri.getScheme().equals("file"))) {
                throw new URISyntaxException(text, "expected an http, https or file URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ArchiveException(Kind.BAD_INPUT, "cannot use mirror '" + text + "' from " + origin + ": "
                    + e.getReason() + " (example: --mirror http://HOST/debian)", e);
        }
    }

    private static URI withSlash(URI uri) {
        if (uri == null) {
            return null;
        }
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }
}
