package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Every command's help, rendered as a user sees it: a description, an Examples section whose commands parse,
 * every line within the width, and no word broken across lines (the words read the same at width 80 as on
 * one wide line).
 */
class HelpTest {
    private static final int WIDTH = 80;

    static Stream<String> commands() {
        return helps(WIDTH).keySet().stream();
    }

    private static final Map<Integer, Map<String, String>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The rendered help of every command and subcommand, by qualified name (rendered once per width). */
    private static Map<String, String> helps(int width) {
        return RENDERED.computeIfAbsent(width, HelpTest::render);
    }

    private static Map<String, String> render(int width) {
        CommandLine root = Main.commandLine();
        root.setUsageHelpWidth(width);
        Map<String, String> out = new TreeMap<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine cli, Map<String, String> out) {
        out.put(cli.getCommandSpec().qualifiedName(), cli.getUsageMessage(Ansi.OFF));
        cli.getSubcommands().values().forEach(sub -> collect(sub, out));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void help_hasADescriptionAndExamplesAndFitsTheWidth(String command) {
        String help = helps(WIDTH).get(command);
        CommandLine.Model.UsageMessageSpec usage = spec(command).usageMessage();
        assertThat(usage.description().length + usage.header().length).as(command + " has a description").isPositive();
        assertThat(help).as(command).contains("\nExamples:\n");
        assertThat(examples(help)).as(command + " examples").isNotEmpty();
        assertThat(help.lines()).as(command).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(WIDTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void help_wrapsBetweenWordsOnly(String command) {
        List<String> narrow = words(helps(WIDTH).get(command));
        List<String> wide = words(helps(400).get(command));
        assertThat(narrow).as(command).isEqualTo(wide);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void help_examplesParseAsWritten(String command) {
        for (List<String> example : examples(helps(WIDTH).get(command))) {
            List<String> args = example.subList(1, example.size());
            assertThatCode(() -> Main.commandLine().parseArgs(args.toArray(String[]::new)))
                    .as(String.join(" ", example)).doesNotThrowAnyException();
        }
    }

    @Test
    void rootHelp_groupsCommandsByTask() {
        String help = helps(WIDTH).get("bulwark");
        assertThat(help).containsSubsequence("Build images:", "  build", "Inspect, run and move images:", "  copy",
                "Evidence (SBOMs, signatures, attestations):", "  sign", "Scan for vulnerabilities:", "  scan");
        CommandLine root = Main.commandLine();
        List<String> grouped = HelpLayout.GROUPS.values().stream().flatMap(List::stream).toList();
        assertThat(root.getSubcommands().keySet()).as("every command but help is in a group")
                .filteredOn(name -> !name.equals("help")).allSatisfy(name -> assertThat(grouped).contains(name));
    }

    @Test
    void keyHelp_describesItsSubcommandsInFull() {
        String help = helps(WIDTH).get("bulwark key");
        assertThat(help).contains("Commands:").contains("generate").contains("PREFIX.pub");
    }

    @Test
    void scanHelp_namesEveryTransport() {
        assertThat(helps(WIDTH).get("bulwark scan")).contains("oci:DIR", "oci-archive:FILE", "docker-archive:FILE",
                "docker://HOST/REPO");
    }

    @Test
    void wrap_breaksBetweenWordsAndCutsOnlyWordsLongerThanALine() {
        assertThat(HelpLayout.wrap("see $DOCKER_CONFIG/config.json for auths", 20, 18))
                .containsExactly("see", "$DOCKER_CONFIG/config.json".substring(0, 18), "fig.json for auths");
        assertThat(HelpLayout.wrap("one two three four", 9, 9)).containsExactly("one two", "three", "four");
    }

    private static CommandLine.Model.CommandSpec spec(String qualified) {
        CommandLine cli = Main.commandLine();
        for (String part : Arrays.asList(qualified.split(" ")).subList(1, qualified.split(" ").length)) {
            cli = cli.getSubcommands().get(part);
        }
        return cli.getCommandSpec();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** The example commands under "Examples:", continuation lines joined, environment assignments dropped. */
    private static List<List<String>> examples(String help) {
        List<List<String>> out = new ArrayList<>();
        String section = help.substring(help.indexOf("\nExamples:\n") + 11);
        StringBuilder current = new StringBuilder();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("  ")) {
                break;
            }
            current.append(line.strip());
            if (current.toString().endsWith("\\")) {
                current.setLength(current.length() - 1);
                continue;
            }
            List<String> words = shellWords(current.toString());
            while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
                words.remove(0);
            }
            out.add(words);
            current.setLength(0);
        }
        return out;
    }

    /** Splits a command line as sh would for these examples: spaces, and single quotes. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
