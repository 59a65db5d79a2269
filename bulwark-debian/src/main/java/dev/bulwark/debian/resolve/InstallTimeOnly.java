package dev.bulwark.debian.resolve;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Packages that a runtime image does not need because only maintainer scripts — which Bulwark never runs — use them.
 * Each entry says why. A spec removes entries with {@code include:} and adds more with {@code exclude:}; a package the
 * spec asks for by name is always installed.
 */
public final class InstallTimeOnly {

    private static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> m = new TreeMap<>();
        String pkgTools = "package manager; maintainer scripts and dpkg triggers never run in an image";
        m.put("dpkg", pkgTools);
        m.put("debconf", "configuration questions at install time");
        m.put("debconf-2.0", "virtual debconf interface, install time only");
        m.put("cdebconf", "configuration questions at install time");
        m.put("perl-base", "used by maintainer scripts and debconf");
        m.put("dash", "shell for maintainer scripts; runtime images have no shell");
        m.put("bash", "shell for maintainer scripts; runtime images have no shell");
        m.put("init-system-helpers", "registers services with an init system that images do not run");
        m.put("adduser", "creates accounts in postinst; Bulwark writes /etc/passwd and /etc/group itself");
        m.put("passwd", "account tools for postinst; Bulwark writes the account files itself");
        m.put("ucf", "configuration-file merging at install time");
        m.put("tar", "unpacking tool used by maintainer scripts");
        m.put("mawk", "awk for maintainer scripts");
        m.put("gawk", "awk for maintainer scripts");
        m.put("original-awk", "awk for maintainer scripts");
        m.put("awk", "virtual awk, used by maintainer scripts");
        m.put("coreutils", "shell utilities for maintainer scripts");
        m.put("sed", "stream editor for maintainer scripts");
        m.put("grep", "used by maintainer scripts");
        m.put("findutils", "used by maintainer scripts");
        m.put("debianutils", "run-parts, which and friends for maintainer scripts");
        m.put("install-info", "registers info manuals (stripped from images)");
        m.put("lsb-base", "init script helpers");
        m.put("sysvinit-utils", "init script helpers");
        m.put("usrmerge", "converts a live system to merged /usr; images are built merged");
        m.put("openssl", "ca-certificates' postinst builds the CA bundle with it; Bulwark generates the bundle");
        m.put("ca-certificates-java", "its postinst builds the Java trust store; Bulwark generates it");
        m.put("java-common", "update-java-alternatives for maintainer scripts");
        m.put("libpam-runtime", "PAM configuration tools for postinst");
        m.put("debconf-i18n", "translations of debconf questions");
        m.put("login", "login and su for interactive systems; images have no login");
        m.put("sensible-utils", "editor and pager choosers for interactive use");
        DEFAULTS = Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private InstallTimeOnly() {
    }

    /** The default set, name → why it is not needed at run time, sorted by name. */
    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    /** The effective exclusion set: defaults minus {@code include}, plus {@code exclude}. */
    public static Map<String, String> effective(Set<String> include, Set<String> exclude) {
        Map<String, String> m = new TreeMap<>(DEFAULTS);
        m.keySet().removeAll(include);
        for (String name : exclude) {
            m.putIfAbsent(name, "excluded by the spec");
        }
        return Collections.unmodifiableMap(m);
    }
}
