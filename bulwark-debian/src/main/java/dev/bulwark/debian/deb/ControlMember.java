package dev.bulwark.debian.deb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.control.Deb822Reader;
import dev.bulwark.debian.control.Paragraph;

/** What Bulwark takes from a package's control member: the control stanza, md5sums and conffiles. */
record ControlMember(Paragraph paragraph, String text, Map<String, String> md5sums, List<String> conffiles) {
    /** md5sums of the largest packages (kernels, firmware) are a few MB; beyond this a member is hostile. */
    private static final int MAX_FILE = 64 << 20;

    static ControlMember read(FileChannel file, ArMember member, String compression, String label)
            throws IOException, DebException {
        String control = null;
        String md5sums = "";
        String conffiles = "";
        MemberTar tar = null;
        try (InputStream in = Members.open(file, member, compression)) {
            tar = new MemberTar(in, label, member.name());
            while (tar.next()) {
                String name = tar.name().startsWith("./") ? tar.name().substring(2) : tar.name();
                if (tar.entry().type() != '0' || !(name.equals("control") || name.equals("md5sums")
                        || name.equals("conffiles"))) {
                    continue;
                }
                if (tar.entry().size() > MAX_FILE) {
                    throw tar.error("entry " + tar.name() + ": " + tar.entry().size() + " bytes is too large");
                }
                String text = new String(tar.content().readAllBytes(), StandardCharsets.UTF_8);
                switch (name) {
                    case "control" -> control = text;
                    case "md5sums" -> md5sums = text;
                    default -> conffiles = text;
                }
            }
            tar.finish();
        } catch (MemberReadException e) {
            String where = tar == null || tar.name() == null ? member.name() : member.name() + " entry " + tar.name();
            throw new DebException(label, where + ": " + e.getMessage(), e);
        }
        if (control == null) {
            throw new DebException(label, member.name() + " has no control file");
        }
        return new ControlMember(paragraph(control, label), control, parseMd5sums(md5sums, label),
                parseConffiles(conffiles));
    }

    private static Paragraph paragraph(String text, String label) throws DebException {
        try {
            List<Paragraph> all = Deb822Reader.parseAll(text, label + " control");
            if (all.size() != 1) {
                throw new DebException(label, "control file has " + all.size() + " stanzas, expected one");
            }
            return all.get(0);
        } catch (ControlParseException e) {
            throw new DebException(label, "bad control file: " + e.getMessage(), e);
        }
    }

    /** Lines of "{@code <md5>  <path>}"; the path is package-relative, with any "./" or "/" prefix dropped. */
    private static Map<String, String> parseMd5sums(String text, String label) throws DebException {
        Map<String, String> sums = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            String md5 = space < 0 ? line : line.substring(0, space);
            if (md5.length() != 32 || !md5.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new DebException(label, "md5sums line " + lineNumber + " does not start with an MD5 sum");
            }
            String path = line.substring(space + 1).stripLeading();
            path = path.startsWith("./") ? path.substring(2) : path.startsWith("/") ? path.substring(1) : path;
            if (path.isEmpty()) {
                throw new DebException(label, "md5sums line " + lineNumber + " names no file");
            }
            sums.put(path, md5);
        }
        return Collections.unmodifiableMap(sums);
    }

    /** One absolute path per line, optionally preceded by flags ("remove-on-upgrade /etc/x"). */
    private static List<String> parseConffiles(String text) {
        List<String> paths = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                int space = trimmed.lastIndexOf(' ');
                paths.add(space < 0 ? trimmed : trimmed.substring(space + 1));
            }
        }
        return List.copyOf(paths);
    }
}
