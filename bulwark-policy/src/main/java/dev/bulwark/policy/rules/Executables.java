package dev.bulwark.policy.rules;

import dev.bulwark.policy.model.FileFact;
import dev.bulwark.policy.model.ImageModel;
import java.util.ArrayList;
import java.util.List;

/** Finds programs by name in the directories a shell's PATH would search. */
final class Executables {
    static final List<String> PATH = List.of("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin");

    private Executables() {
    }

    /** Every file or symlink named one of {@code names} directly in a PATH directory. */
    static List<FileFact> named(ImageModel image, List<String> names) {
        List<FileFact> out = new ArrayList<>();
        for (FileFact f : image.files()) {
            int slash = f.path().lastIndexOf('/');
            String dir = f.path().substring(0, Math.max(slash, 0));
            if ((f.isFile() || f.isSymlink() || f.type().equals("hardlink")) && PATH.contains(dir)
                    && names.contains(f.path().substring(slash + 1))) {
                out.add(f);
            }
        }
        return out;
    }
}
