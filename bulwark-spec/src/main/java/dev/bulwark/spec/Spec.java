package dev.bulwark.spec;

import dev.bulwark.debian.resolve.InstallTimeOnly;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An image spec, the YAML a platform team writes: what to install from which Debian release, and how the image is
 * configured. Every field holds its effective value: the compact constructor fills defaults for nulls (see
 * {@code docs/spec.md}) and rejects what could not build. A base image names a {@code distribution}; a customization
 * names a {@code base} instead, never both. {@link SpecParser} reads it from YAML with positioned errors.
 */
public record Spec(
        String name, String description,
        String distribution,
        String base,
        List<String> archs,
        List<PackageRequest> packages,
        List<String> exclude,
        List<String> include,
        List<String> suites,
        List<String> components,
        List<String> keyrings,
        Accounts accounts, Map<String, String> environment, List<String> entrypoint, List<String> cmd,
        String workdir, List<PathEntry> paths, List<String> strip,
        Map<String, String> annotations, Map<String, String> labels, String variant,
        Path file, SpecGates gates, SpecBytes source) {

    /** Debian release architectures (bookworm and trixie) an image can be built for. */
    public static final List<String> ARCHITECTURES =
            List.of("amd64", "arm64", "armel", "armhf", "i386", "mips64el", "ppc64el", "riscv64", "s390x");
    public static final List<String> DEFAULT_ARCHS = List.of("amd64");
    public static final List<String> DEFAULT_COMPONENTS = List.of("main");
    /** What {@code strip} may name; copyright files are always kept. */
    public static final List<String> STRIP_VALUES = List.of("docs", "man", "locales");
    public static final List<String> VARIANTS = List.of("runtime", "dev");
    public static final String DEFAULT_VARIANT = "runtime";
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");
    private static final Pattern CODENAME = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern SUITE = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A spec without gates (no policy file, no structure tests). */
    public Spec(String name, String description, String distribution, String base, List<String> archs,
            List<PackageRequest> packages, List<String> exclude, List<String> include, List<String> suites,
            List<String> components, List<String> keyrings, Accounts accounts, Map<String, String> environment,
            List<String> entrypoint, List<String> cmd, String workdir, List<PathEntry> paths, List<String> strip,
            Map<String, String> annotations, Map<String, String> labels, String variant, Path file) {
        this(name, description, distribution, base, archs, packages, exclude, include, suites, components, keyrings,
                accounts, environment, entrypoint, cmd, workdir, paths, strip, annotations, labels, variant, file,
                SpecGates.NONE, null);
    }

    /** A spec not read from bytes (built in code): it has no {@link #source()}. */
    public Spec(String name, String description, String distribution, String base, List<String> archs,
            List<PackageRequest> packages, List<String> exclude, List<String> include, List<String> suites,
            List<String> components, List<String> keyrings, Accounts accounts, Map<String, String> environment,
            List<String> entrypoint, List<String> cmd, String workdir, List<PathEntry> paths, List<String> strip,
            Map<String, String> annotations, Map<String, String> labels, String variant, Path file, SpecGates gates) {
        this(name, description, distribution, base, archs, packages, exclude, include, suites, components, keyrings,
                accounts, environment, entrypoint, cmd, workdir, paths, strip, annotations, labels, variant, file,
                gates, null);
    }

    public Spec {
        gates = gates == null ? SpecGates.NONE : gates;
        require(nameProblem(name));
        if ((distribution == null) == (base == null)) {
            throw new IllegalArgumentException("exactly one of distribution or base is required");
        }
        if (distribution != null) {
            require(distributionProblem(distribution));
        } else if (base.isBlank()) {
            throw new IllegalArgumentException("base is empty");
        }
        // A customization without archs builds every platform its base has: empty means "the base's".
        archs = distinct("architecture", archs == null ? (base == null ? DEFAULT_ARCHS : List.of()) : archs);
        archs.forEach(a -> require(archProblem(a)));
        if (archs.isEmpty() && base == null) {
            throw new IllegalArgumentException("archs is empty");
        }
        packages = packages == null ? List.of() : List.copyOf(packages);
        distinct("package", packages.stream().map(PackageRequest::name).toList());
        if (distribution != null && packages.isEmpty()) {
            throw new IllegalArgumentException("a base image needs at least one package");
        }
        exclude = distinct("exclude entry", exclude == null ? List.of() : exclude);
        include = distinct("include entry", include == null ? List.of() : include);
        exclude.forEach(p -> require(PackageRequest.nameProblem(p)));
        include.forEach(p -> require(PackageRequest.nameProblem(p)));
        if (base != null && suites != null && !suites.isEmpty()) {
            throw new IllegalArgumentException("a customization resolves its packages in its base's suites; drop "
                    + "'suites'");
        }
        suites = distinct("suite", suites == null ? defaultSuites(distribution) : suites);
        suites.forEach(s -> require(suiteProblem(s)));
        components = distinct("component", components == null ? DEFAULT_COMPONENTS : components);
        components.forEach(c -> require(componentProblem(c)));
        keyrings = keyrings == null ? List.of() : List.copyOf(keyrings);
        keyrings.forEach(k -> require(k.startsWith("/") ? null : "keyring '" + k + "' is not an absolute path"));
        accounts = accounts == null ? Accounts.defaults() : accounts;
        environment = withDefaultPath(environment);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        workdir = workdir == null ? accounts.runAsUser().home() : workdir;
        require(ImagePaths.accountPathProblem(workdir));
        paths = paths == null ? List.of() : List.copyOf(paths);
        distinct("path", paths.stream().map(PathEntry::path).toList());
        strip = distinct("strip value", strip == null ? STRIP_VALUES : strip);
        strip.forEach(s -> require(oneOf("strip value", s, STRIP_VALUES)));
        annotations = ordered("annotation", annotations);
        labels = ordered("label", labels);
        variant = variant == null ? DEFAULT_VARIANT : variant;
        require(oneOf("variant", variant, VARIANTS));
        if (variant.equals("dev") && base == null) {
            throw new IllegalArgumentException("a dev variant extends a runtime image: it needs a base, not a "
                    + "distribution");
        }
    }

    /** The default suites of a codename: the release, its point-release updates and its security updates. */
    /**
     * SHA-256 of the bytes this spec was parsed from, the digest its lock records; computed when it was read, so
     * nothing reads the file again.
     */
    public String sha256() {
        return requireSource().sha256();
    }

    /** The YAML text this spec was parsed from, as provenance records it. */
    public String text() {
        return requireSource().text();
    }

    private SpecBytes requireSource() {
        if (source == null) {
            throw new IllegalStateException("spec " + name + " was built in code, not read from bytes; parse it "
                    + "with SpecParser to have its digest");
        }
        return source;
    }

    public static List<String> defaultSuites(String distribution) {
        return distribution == null ? List.of()
                : List.of(distribution, distribution + "-updates", distribution + "-security");
    }

    /**
     * Packages the resolver leaves out, name → why: {@link InstallTimeOnly}'s defaults less {@code include}, plus
     * {@code exclude}.
     */
    public java.util.Map<String, String> excludedPackages() {
        return InstallTimeOnly.effective(new java.util.HashSet<>(include), new java.util.HashSet<>(exclude));
    }

    /** Whether this spec customizes an existing image rather than building from a distribution. */
    public boolean isCustomization() {
        return base != null;
    }

    /** Why {@code name} is not a valid image name, or null when it is. */
    public static String nameProblem(String name) {
        return namePattern(NAME, name, "image name",
                "lower-case letters, digits, '.', '_', '-'; starting and ending with a letter or digit");
    }

    /** Why {@code codename} is not a distribution codename, or null when it is. */
    public static String distributionProblem(String codename) {
        return namePattern(CODENAME, codename, "distribution", "a codename such as trixie");
    }

    /** Why {@code suite} is not a suite name, or null when it is. */
    public static String suiteProblem(String suite) {
        return namePattern(SUITE, suite, "suite", "such as trixie-updates");
    }

    /** Why {@code component} is not an archive component, or null when it is. */
    public static String componentProblem(String component) {
        return namePattern(COMPONENT, component, "component", "such as main");
    }

    /** Why {@code arch} is not a Debian architecture an image can have, or null when it is. */
    public static String archProblem(String arch) {
        return ARCHITECTURES.contains(arch) ? null
                : "unknown architecture '" + arch + "' (expected one of " + String.join(", ", ARCHITECTURES) + ")";
    }

    /** Why {@code key} is not a valid environment variable name, or null when it is. */
    public static String envKeyProblem(String key) {
        return namePattern(ENV_KEY, key, "environment variable name", "letters, digits, '_', not starting with a digit");
    }

    static String oneOf(String what, String value, List<String> allowed) {
        return allowed.contains(value) ? null
                : "unknown " + what + " '" + value + "' (expected one of " + String.join(", ", allowed) + ")";
    }

    private static String namePattern(Pattern pattern, String value, String what, String expected) {
        if (value == null || value.isEmpty()) {
            return "missing " + what;
        }
        return pattern.matcher(value).matches() ? null : "invalid " + what + " '" + value + "' (" + expected + ")";
    }

    private static List<String> distinct(String what, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException("duplicate " + what + " '" + value + "'");
            }
        }
        return List.copyOf(values);
    }

    private static Map<String, String> withDefaultPath(Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        if (environment == null || !environment.containsKey("PATH")) {
            out.put("PATH", DEFAULT_PATH);
        }
        if (environment != null) {
            environment.forEach((k, v) -> {
                require(envKeyProblem(k));
                out.put(k, requireValue("environment", k, v));
            });
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> ordered(String what, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (k == null || k.isEmpty()) {
                    throw new IllegalArgumentException("empty " + what + " key");
                }
                out.put(k, requireValue(what, k, v));
            });
        }
        return Collections.unmodifiableMap(out);
    }

    private static String requireValue(String what, String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " '" + key + "' has no value");
        }
        return value;
    }

    private static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
