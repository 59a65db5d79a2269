package dev.bulwark.policy.structure;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.model.PackageFact;
import dev.bulwark.policy.structure.StructureTests.CommandTest;
import dev.bulwark.policy.structure.StructureTests.EnvVar;
import dev.bulwark.policy.structure.StructureTests.FileContentTest;
import dev.bulwark.policy.structure.StructureTests.FileExistenceTest;
import dev.bulwark.policy.structure.StructureTests.LicenseTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs structure test files against one image: file, metadata and licence tests read the image model; command tests
 * run in the sandbox (opened once, on the first command test). A command missing from the image, a failed setup or a
 * timeout is that test's failure, never a crash of the run.
 */
public final class StructureTestRunner implements AutoCloseable {
    private static final Pattern VAR = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)\\}|([A-Za-z_][A-Za-z0-9_]*))");
    private final ImageModel image;
    private final FileTree tree;
    private final CommandRunner.Factory factory;
    private final Clock clock;
    private CommandRunner runner;

    public StructureTestRunner(ImageModel image, CommandRunner.Factory factory, Clock clock) {
        this.image = image;
        this.tree = new FileTree(image.files());
        this.factory = factory;
        this.clock = clock;
    }

    public TestSummary run(List<StructureTests> files) throws BulwarkException {
        long start = clock.millis();
        long t0 = System.nanoTime();
        List<TestResult> results = new ArrayList<>();
        for (StructureTests f : files) {
            for (CommandTest c : f.commands()) {
                results.add(timed(f, () -> command(f, c)));
            }
            for (FileExistenceTest e : f.existence()) {
                results.add(timed(f, () -> existence(e)));
            }
            for (FileContentTest c : f.contents()) {
                results.add(timed(f, () -> content(c)));
            }
            if (f.metadata() != null) {
                results.add(timed(f, () -> MetadataChecks.run(f.metadata(), image.config())));
            }
            for (LicenseTest l : f.licenses()) {
                results.add(timed(f, () -> license(l)));
            }
        }
        return new TestSummary(image.name(), results, start, clock.millis(), System.nanoTime() - t0);
    }

    private interface Body {
        TestResult run() throws BulwarkException;
    }

    private static TestResult timed(StructureTests f, Body body) throws BulwarkException {
        long t0 = System.nanoTime();
        TestResult r = body.run();
        return new TestResult(r.name(), r.pass(), r.stdout(), r.stderr(), r.errors(), System.nanoTime() - t0, f.file());
    }

    private TestResult command(StructureTests f, CommandTest c) throws BulwarkException {
        String name = "Command Test: " + c.name();
        List<String> env = new ArrayList<>();
        for (EnvVar e : f.globalEnv()) {
            env.add(e.key() + "=" + substitute(e.value()));
        }
        for (EnvVar e : c.env()) {
            env.add(e.key() + "=" + substitute(e.value()));
        }
        List<String> errors = new ArrayList<>();
        if (runner == null) {
            runner = factory.open();
        }
        for (List<String> setup : c.setup()) {
            CommandRunner.Outcome o = runner.run(substitute(setup), env);
            if (o.exitCode() != 0) {
                errors.add("Setup command " + setup + " exited with " + o.exitCode() + ": " + o.stderr().strip());
                return new TestResult(name, false, o.stdout(), o.stderr(), errors, 0, null);
            }
        }
        CommandRunner.Outcome o = runner.run(substitute(c.argv()), env);
        if (o.timedOut()) {
            errors.add("Command " + c.argv() + " timed out");
        } else if (o.exitCode() == 127 && o.stdout().isEmpty()) {
            errors.add("Command " + c.argv().get(0) + " not found in the image: " + o.stderr().strip());
        }
        for (Pattern p : c.expectedError()) {
            if (!p.matcher(o.stderr()).find()) {
                errors.add("Expected string '" + p.pattern() + "' not found in error '" + o.stderr() + "'");
            }
        }
        for (Pattern p : c.excludedError()) {
            if (p.matcher(o.stderr()).find()) {
                errors.add("Excluded string '" + p.pattern() + "' found in error '" + o.stderr() + "'");
            }
        }
        for (Pattern p : c.expectedOutput()) {
            if (!p.matcher(o.stdout()).find()) {
                errors.add("Expected string '" + p.pattern() + "' not found in output '" + o.stdout() + "'");
            }
        }
        for (Pattern p : c.excludedOutput()) {
            if (p.matcher(o.stdout()).find()) {
                errors.add("Excluded string '" + p.pattern() + "' found in output '" + o.stdout() + "'");
            }
        }
        if (o.exitCode() != c.exitCode()) {
            errors.add("Test '" + c.name() + "' exited with incorrect error code. Expected: " + c.exitCode()
                    + ", Actual: " + o.exitCode());
        }
        for (List<String> teardown : c.teardown()) {
            CommandRunner.Outcome t = runner.run(substitute(teardown), env);
            if (t.exitCode() != 0) {
                errors.add("Teardown command " + teardown + " exited with " + t.exitCode());
            }
        }
        return new TestResult(name, errors.isEmpty(), o.stdout(), o.stderr(), errors, 0, null);
    }

    private TestResult existence(FileExistenceTest t) {
        String name = "File Existence Test: " + t.name();
        String path = substitute(t.path());
        FileFact f = tree.lookup(path, false);
        List<String> errors = new ArrayList<>();
        if (f == null) {
            if (t.shouldExist()) {
                errors.add("File " + path + " should exist but does not");
            }
            return new TestResult(name, errors.isEmpty(), null, null, errors, 0, null);
        }
        if (!t.shouldExist()) {
            errors.add("File " + path + " should not exist but does");
        }
        String mode = FileTree.modeString(f);
        if (t.permissions() != null && !t.permissions().equals(mode)) {
            errors.add(path + " has incorrect permissions. Expected: " + t.permissions() + ", Actual: " + mode);
        }
        if (t.executableBy() != null) {
            FileFact target = f.isSymlink() ? tree.lookup(path, true) : f;
            int bits = switch (t.executableBy()) {
                case "owner" -> 0100;
                case "group" -> 0010;
                case "other" -> 0001;
                default -> 0111;
            };
            if (target == null || (target.mode() & bits) == 0) {
                errors.add(path + " has incorrect executable bit. Expected to be executable by " + t.executableBy()
                        + ", Actual: " + (target == null ? "dangling link" : FileTree.modeString(target)));
            }
        }
        if (t.uid() >= 0 && f.uid() != t.uid()) {
            errors.add(path + " has incorrect user ownership. Expected: " + t.uid() + ", Actual: " + f.uid());
        }
        if (t.gid() >= 0 && f.gid() != t.gid()) {
            errors.add(path + " has incorrect group ownership. Expected: " + t.gid() + ", Actual: " + f.gid());
        }
        return new TestResult(name, errors.isEmpty(), null, null, errors, 0, null);
    }

    private TestResult content(FileContentTest t) throws BulwarkException {
        String name = "File Content Test: " + t.name();
        String path = substitute(t.path());
        FileFact f = tree.lookup(path, true);
        List<String> errors = new ArrayList<>();
        if (f == null || !f.isFile()) {
            errors.add("Failed to get file content: " + path + (f == null ? " does not exist" : " is not a regular file"));
            return new TestResult(name, false, null, null, errors, 0, null);
        }
        String resolved = f.path();
        Map<String, byte[]> read = image.contents().read(p -> p.equals(resolved));
        String text = new String(read.getOrDefault(resolved, new byte[0]), StandardCharsets.UTF_8);
        for (Pattern p : t.expected()) {
            if (!p.matcher(text).find()) {
                errors.add("Expected string '" + p.pattern() + "' not found in file content " + path);
            }
        }
        for (Pattern p : t.excluded()) {
            if (p.matcher(text).find()) {
                errors.add("Excluded string '" + p.pattern() + "' found in file content " + path);
            }
        }
        return new TestResult(name, errors.isEmpty(), null, null, errors, 0, null);
    }

    private TestResult license(LicenseTest t) {
        List<String> errors = new ArrayList<>();
        if (t.debian()) {
            for (PackageFact p : image.packages()) {
                if (tree.lookup("/usr/share/doc/" + p.name() + "/copyright", true) == null) {
                    errors.add("Package " + p.name() + " has no /usr/share/doc/" + p.name() + "/copyright");
                }
            }
        }
        for (String file : t.files()) {
            if (tree.lookup(file, true) == null) {
                errors.add("License file " + file + " does not exist");
            }
        }
        return new TestResult("License Test", errors.isEmpty(), null, null, errors, 0, null);
    }

    private List<String> substitute(List<String> argv) {
        return argv.stream().map(this::substitute).toList();
    }

    /** {@code $VAR} and {@code ${VAR}} from the image's environment, as container-structure-test expands them. */
    String substitute(String s) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1) != null ? m.group(1) : m.group(2);
            String value = image.config().env().get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
