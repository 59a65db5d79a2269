package dev.bulwark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every {@code --help} reads: text wraps only between words (picocli's own wrapping also breaks inside
 * {@code config.json} or {@code docker://}); the lines of a description or footer written in the source are joined
 * into paragraphs, an empty line makes a blank line and a line starting with a space is kept as written (examples);
 * each command in a list shows its whole summary; {@code bulwark --help} groups its commands by task.
 */
final class HelpLayout {
    /** The task groups of {@code bulwark --help}; a command in none of them is listed under "Other commands". */
    static final Map<String, List<String>> GROUPS = groups();
    private static final String OTHER = "Other commands:";

    private HelpLayout() {
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("Build images:", List.of("resolve", "lock", "build", "adopt", "cache"));
        g.put("Inspect, run and move images:", List.of("inspect", "run", "copy", "gc"));
        g.put("Evidence (SBOMs, signatures, attestations):", List.of("sbom", "key", "sign", "attest", "verify",
                "verify-attestation", "referrers", "reproduce"));
        g.put("Scan for vulnerabilities:", List.of("scan", "vex", "advisories", "outdated"));
        g.put("Gates (policy rules, structure tests):", List.of("check", "test"));
        g.put("Catalog:", List.of("catalog", "watch", "bump"));
        g.put("Server:", List.of("serve", "tokens", "worker"));
        return g;
    }

    /** Applies the layout to a command line and all its subcommands. */
    static void install(CommandLine cli, boolean root) {
        cli.setHelpFactory(SpaceWrappingHelp::new);
        if (cli.getCommand() instanceof CommandLine.HelpCommand) {
            cli.getCommandSpec().usageMessage().footer("", "Examples:", "  bulwark help build",
                    "  bulwark help key generate");
        }
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(cli.getHelpSectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> help.createHeading(
                help.commandSpec().usageMessage().descriptionHeading()) + paragraphs(
                help.commandSpec().usageMessage().description(), width(help)));
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> help.createHeading(
                help.commandSpec().usageMessage().footerHeading()) + paragraphs(
                help.commandSpec().usageMessage().footer(), width(help)));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(help, root));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> root ? ""
                : help.commandListHeading());
        cli.setHelpSectionMap(sections);
        for (CommandLine sub : cli.getSubcommands().values()) {
            install(sub, false);
        }
    }

    private static int width(Help help) {
        return help.commandSpec().usageMessage().width();
    }

    /** Joins source lines into paragraphs and wraps them between words at {@code width}. */
    static String paragraphs(String[] lines, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                flush(paragraph, width, out);
                out.append(line.stripTrailing()).append('\n');
            } else {
                paragraph.append(paragraph.length() == 0 ? "" : " ").append(line.strip());
            }
        }
        flush(paragraph, width, out);
        return out.toString();
    }

    private static void flush(StringBuilder paragraph, int width, StringBuilder out) {
        if (paragraph.length() > 0) {
            for (String l : wrap(paragraph.toString(), width, width)) {
                out.append(l).append('\n');
            }
            paragraph.setLength(0);
        }
    }

    /**
     * Greedy wrapping between words: the first line holds {@code first} characters, the others {@code next}; a
     * word longer than a line is the only case that is cut.
     */
    static List<String> wrap(String text, int first, int next) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            int room = lines.isEmpty() ? first : next;
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                lines.add(line.toString());
                line.setLength(0);
                room = next;
            }
            while (word.length() > room) {
                lines.add(line + word.substring(0, room - line.length()));
                word = word.substring(room - line.length());
                line.setLength(0);
                room = next;
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** Subcommands with their whole summary; for the root, grouped by task. */
    private static String commandList(Help help, boolean root) {
        Map<String, Help> subs = new LinkedHashMap<>();
        help.subcommands().forEach((name, sub) -> {
            if (!sub.commandSpec().usageMessage().hidden()) {
                subs.put(name, sub);
            }
        });
        if (subs.isEmpty()) {
            return "";
        }
        int nameWidth = subs.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        StringBuilder out = new StringBuilder();
        if (!root) {
            appendCommands(out, subs, List.copyOf(subs.keySet()), nameWidth, width(help));
            return out.toString();
        }
        List<String> rest = new ArrayList<>(subs.keySet());
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            List<String> names = group.getValue().stream().filter(subs::containsKey).toList();
            rest.removeAll(names);
            if (!names.isEmpty()) {
                out.append(out.length() == 0 ? "" : "\n").append(group.getKey()).append('\n');
                appendCommands(out, subs, names, nameWidth, width(help));
            }
        }
        if (!rest.isEmpty()) {
            out.append('\n').append(OTHER).append('\n');
            appendCommands(out, subs, rest, nameWidth, width(help));
        }
        return out.toString();
    }

    private static void appendCommands(StringBuilder out, Map<String, Help> subs, List<String> names, int nameWidth,
                                       int width) {
        for (String name : names) {
            List<String> lines = wrap(summary(subs.get(name)), width - nameWidth, width - nameWidth - 2);
            out.append(String.format(Locale.ROOT, "  %-" + (nameWidth - 2) + "s", name)).append(lines.get(0)).append('\n');
            for (String l : lines.subList(1, lines.size())) {
                out.append(" ".repeat(nameWidth + 2)).append(l).append('\n');
            }
        }
    }

    /** A command's one-line summary: its header, else the first sentence of its description. */
    static String summary(Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        if (usage.header().length > 0) {
            return paragraphs(usage.header(), Integer.MAX_VALUE / 2).strip();
        }
        String text = paragraphs(usage.description(), Integer.MAX_VALUE / 2);
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        int stop = first.indexOf(". ");
        return stop < 0 ? first : first.substring(0, stop + 1);
    }

    /** picocli's help with a table that wraps option and parameter descriptions between words only. */
    static final class SpaceWrappingHelp extends Help {
        SpaceWrappingHelp(CommandLine.Model.CommandSpec spec, Help.ColorScheme scheme) {
            super(spec, scheme);
        }

        /** The synopsis, wrapped between words under the command's name. */
        @Override
        protected String insertSynopsisCommandName(int synopsisHeadingLength, Text optionText) {
            String name = commandSpec().qualifiedName() + " ";
            int width = commandSpec().usageMessage().width();
            int indent = synopsisHeadingLength + name.length();
            StringBuilder out = new StringBuilder(name);
            List<String> lines = wrap(optionText.plainString(), width - indent, width - indent);
            out.append(lines.get(0)).append('\n');
            for (String l : lines.subList(1, lines.size())) {
                out.append(" ".repeat(indent)).append(l).append('\n');
            }
            return out.toString();
        }

        @Override
        public Layout createDefaultLayout() {
            Layout plain = super.createDefaultLayout();
            SpaceWrappingTable table = new SpaceWrappingTable(plain.colorScheme(), plain.textTable().columns());
            table.indentWrappedLines = plain.textTable().indentWrappedLines;
            return new Layout(plain.colorScheme(), table, plain.optionRenderer(), plain.parameterRenderer());
        }
    }

    /** A text table whose wrapping columns break lines between words. */
    static final class SpaceWrappingTable extends TextTable {
        private final Help.ColorScheme scheme;

        SpaceWrappingTable(Help.ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (value == null || column.overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            int first = column.width - column.indent - 1;
            if (plain.length() <= first || plain.contains("\n") || plain.contains("  ")) {
                return super.putValue(row, col, value);
            }
            Cell cell = null;
            int at = 0;
            int r = row;
            for (String line : wrap(plain, first, first - indentWrappedLines)) {
                int start = plain.indexOf(line, at);
                Text piece = value.substring(start, start + line.length());
                if (cell != null) {
                    addEmptyRow();
                    r = rowCount() - 1;
                    piece = scheme.ansi().new Text(" ".repeat(indentWrappedLines), scheme).concat(piece);
                }
                cell = super.putValue(r, col, piece);
                at = start + line.length();
            }
            return cell;
        }
    }
}
