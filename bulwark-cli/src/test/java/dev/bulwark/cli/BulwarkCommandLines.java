package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code bulwark …} command lines in deployment files and CI scripts, and their check against the CLI's real
 * picocli model ({@link Main#commandLine()}): a misspelled verb or flag, a missing value or a bad enum fails.
 */
final class BulwarkCommandLines {
    /** Tokens that end a simple command in a shell line. */
    private static final Set<String> OPERATORS = Set.of("&&", "||", ";", "|", ">", ">>", "2>", "&");

    private BulwarkCommandLines() {
    }

    /**
     * Every {@code bulwark} command in a shell script: lines joined at a trailing backslash, each line split into
     * words as sh does (quotes removed, variables left as written), a command being the words from a
     * {@code bulwark} word at the start of the line or after an operator up to the next operator.
     */
    static List<List<String>> inScript(String script) {
        List<List<String>> commands = new ArrayList<>();
        for (String line : script.replaceAll("\\\\\\R\\s*", " ").split("\\R")) {
            List<String> words = words(line.strip());
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).equals("bulwark") && (i == 0 || OPERATORS.contains(words.get(i - 1)))) {
                    int end = i + 1;
                    while (end < words.size() && !OPERATORS.contains(words.get(end))) {
                        end++;
                    }
                    commands.add(List.copyOf(words.subList(i + 1, end)));
                    i = end;
                }
            }
        }
        return commands;
    }

    /** A shell line's words: single and double quotes group and are removed; a {@code #} word starts a comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Parses {@code args} (what follows {@code bulwark}) with the CLI's model; fails naming {@code where}. */
    static void assertParses(List<String> args, String where) {
        CommandLine cli = Main.commandLine();
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            if (!parsed.hasSubcommand() && !parsed.isVersionHelpRequested()) {
                fail(where + ": 'bulwark " + String.join(" ", args) + "' names no verb");
            }
        } catch (CommandLine.ParameterException e) {
            fail(where + ": 'bulwark " + String.join(" ", args) + "' does not parse: " + e.getMessage());
        }
    }
}
