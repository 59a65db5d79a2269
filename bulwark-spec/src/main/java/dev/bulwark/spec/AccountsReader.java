package dev.bulwark.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a spec's {@code accounts} mapping and merges it into the default accounts. */
final class AccountsReader {
    /** The largest id we accept; ids are Java ints, and 4294967295 is (uid_t) -1 anyway. */
    static final int MAX_ID = Integer.MAX_VALUE;

    private AccountsReader() {
    }

    static Accounts read(SpecNode node) throws SpecException {
        Map<String, SpecNode> f = node.fields(SpecParser.ACCOUNTS_FIELDS);
        String runAs = SpecReader.text(f, "run-as", Accounts::nameProblem);
        List<Accounts.User> users = new ArrayList<>();
        List<Accounts.Group> groups = new ArrayList<>();
        SpecNode usersNode = SpecReader.present(f, "users");
        if (usersNode != null) {
            Map<String, Integer> seen = new HashMap<>();
            for (SpecNode item : usersNode.items()) {
                Accounts.User user = user(item);
                unique(item, seen, "user", user.name());
                users.add(user);
            }
        }
        SpecNode groupsNode = SpecReader.present(f, "groups");
        if (groupsNode != null) {
            Map<String, Integer> seen = new HashMap<>();
            for (SpecNode item : groupsNode.items()) {
                Accounts.Group group = group(item);
                unique(item, seen, "group", group.name());
                groups.add(group);
            }
        }
        return node.check(() -> Accounts.withDefaults(runAs, users, groups));
    }

    private static Accounts.User user(SpecNode node) throws SpecException {
        Map<String, SpecNode> f = node.fields(SpecParser.USER_FIELDS);
        String name = name(node, f);
        int uid = id(node, f, "uid", -1);
        int gid = id(node, f, "gid", uid);
        String home = SpecReader.text(f, "home", ImagePaths::accountPathProblem);
        String shell = SpecReader.text(f, "shell", ImagePaths::accountPathProblem);
        return node.check(() -> new Accounts.User(name, uid, gid, home == null ? "/home/" + name : home,
                shell == null ? Accounts.DEFAULT_SHELL : shell));
    }

    private static Accounts.Group group(SpecNode node) throws SpecException {
        Map<String, SpecNode> f = node.fields(SpecParser.GROUP_FIELDS);
        String name = name(node, f);
        int gid = id(node, f, "gid", -1);
        List<String> members = SpecReader.texts(f, "members", Accounts::nameProblem);
        return node.check(() -> new Accounts.Group(name, gid, members));
    }

    private static String name(SpecNode node, Map<String, SpecNode> f) throws SpecException {
        if (SpecReader.present(f, "name") == null) {
            throw node.fail("missing required field 'name'");
        }
        return SpecReader.text(f, "name", Accounts::nameProblem);
    }

    /** The id under {@code key}; {@code fallback} when absent, and a negative fallback means required. */
    private static int id(SpecNode node, Map<String, SpecNode> f, String key, int fallback) throws SpecException {
        SpecNode value = SpecReader.present(f, key);
        if (value == null) {
            if (fallback < 0) {
                throw node.fail("missing required field '" + key + "'");
            }
            return fallback;
        }
        return value.integer(MAX_ID);
    }

    private static void unique(SpecNode item, Map<String, Integer> seen, String what, String name)
            throws SpecException {
        Integer first = seen.putIfAbsent(name, item.line());
        if (first != null) {
            throw item.fail("duplicate " + what + " '" + name + "' (first at line " + first + ")");
        }
    }
}
