package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** A run naming one command builds only that command's model, and it reads and fails exactly as with every command. */
class LazySubcommandsTest {

    static Stream<String> names() {
        return Main.SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class)
                .map(c -> c.getAnnotation(CommandLine.Command.class).name());
    }

    @Test
    void subcommandsFor_namesTheCommandOfTheFirstArgumentAndAllForOptionsHelpOrTypos() {
        assertThat(Main.subcommandsFor("build", "examples/python3.yaml")).containsExactly(BuildCommand.class);
        assertThat(Main.subcommandsFor("scan")).containsExactly(ScanCommand.class);
        assertThat(Main.subcommandsFor("--version")).isEmpty();
        for (String[] args : new String[][] {{"help", "build"}, {"--debug", "build"}, {"--help"}, {"biuld"}, {},
                {"--version", "build"}}) {
            assertThat(Main.subcommandsFor(args)).as(String.join(" ", args)).isEqualTo(Main.SUBCOMMANDS);
        }
        assertThat(Main.commandLine(Main.subcommandsFor("build")).getSubcommands()).containsOnlyKeys("build");
        assertThat(Main.commandLine().getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
    }

    @Test
    void names_areTheSubcommandsOwnNamesInOrderAndNoneHasAnAlias() {
        List<Class<?>> commands = Main.SUBCOMMANDS.subList(0, Main.SUBCOMMANDS.size() - 1);
        assertThat(Main.SUBCOMMANDS.get(Main.SUBCOMMANDS.size() - 1)).isEqualTo(CommandLine.HelpCommand.class);
        assertThat(commands.stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList())
                .isEqualTo(Main.NAMES);
        assertThat(commands).allSatisfy(c -> assertThat(c.getAnnotation(CommandLine.Command.class).aliases()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void help_ofACommandBuiltAlone_readsAsWithEveryCommand(String name) {
        CommandLine alone = Main.commandLine(Main.subcommandsFor(name)).getSubcommands().get(name);
        CommandLine full = Main.commandLine().getSubcommands().get(name);
        alone.setUsageHelpWidth(80);
        full.setUsageHelpWidth(80);
        assertThat(alone.getUsageMessage(Ansi.OFF)).isEqualTo(full.getUsageMessage(Ansi.OFF));
    }

    @Test
    void badOption_ofACommandBuiltAlone_failsAsWithEveryCommand() {
        String[] args = {"build", "--no-such-option"};
        assertThat(errorOf(Main.commandLine(Main.subcommandsFor(args)), args)).isEqualTo(errorOf(Main.commandLine(), args))
                .contains("Try 'bulwark build --help'");
    }

    @Test
    void version_alone_buildsNoCommandAndPrintsTheVersion() {
        CommandLine cli = Main.commandLine(Main.subcommandsFor("--version"));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("bulwark ");
        assertThat(cli.getSubcommands()).isEmpty();
    }

    @Test
    void debugOption_isInheritedByACommandBuiltAlone() {
        CommandLine cli = Main.commandLine(Main.subcommandsFor("gc"));
        assertThat(cli.getSubcommands().get("gc").getCommandSpec().findOption("--debug")).isNotNull();
    }

    private static String errorOf(CommandLine cli, String... args) {
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertThat(cli.execute(args)).isEqualTo(2);
        return err.toString();
    }
}
