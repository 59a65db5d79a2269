package dev.bulwark.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users and groups written to {@code /etc/passwd} and {@code /etc/group}, and the user the image runs as. The
 * lists are the effective ones: {@link #withDefaults} merges a spec's declarations into the distroless defaults
 * (root 0, nobody 65534, nonroot 65532).
 */
public record Accounts(String runAs, List<User> users, List<Group> groups) {
    // Declared first: the default users below are validated against it while the class initializes.
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,30}[$]?");

    public static final String DEFAULT_RUN_AS = "nonroot";
    public static final String DEFAULT_SHELL = "/sbin/nologin";
    public static final List<User> DEFAULT_USERS = List.of(
            new User("root", 0, 0, "/root", DEFAULT_SHELL),
            new User("nobody", 65534, 65534, "/nonexistent", DEFAULT_SHELL),
            new User("nonroot", 65532, 65532, "/home/nonroot", DEFAULT_SHELL));
    public static final List<Group> DEFAULT_GROUPS = List.of(
            new Group("root", 0, List.of()),
            new Group("nobody", 65534, List.of()),
            new Group("nonroot", 65532, List.of()));

    public Accounts {
        runAs = runAs == null ? DEFAULT_RUN_AS : runAs;
        users = users == null ? DEFAULT_USERS : List.copyOf(users);
        groups = groups == null ? DEFAULT_GROUPS : List.copyOf(groups);
        Set<String> userNames = new HashSet<>();
        Set<Integer> uids = new HashSet<>();
        for (User user : users) {
            if (!userNames.add(user.name())) {
                throw new IllegalArgumentException("duplicate user '" + user.name() + "'");
            }
            if (!uids.add(user.uid())) {
                throw new IllegalArgumentException("user '" + user.name() + "': uid " + user.uid() + " is taken");
            }
        }
        Set<String> groupNames = new HashSet<>();
        Set<Integer> gids = new HashSet<>();
        for (Group group : groups) {
            if (!groupNames.add(group.name())) {
                throw new IllegalArgumentException("duplicate group '" + group.name() + "'");
            }
            if (!gids.add(group.gid())) {
                throw new IllegalArgumentException("group '" + group.name() + "': gid " + group.gid() + " is taken");
            }
            for (String member : group.members()) {
                if (!userNames.contains(member)) {
                    throw new IllegalArgumentException("group '" + group.name() + "': member '" + member
                            + "' is not a user (users: " + String.join(", ", userNames.stream().sorted().toList()) + ")");
                }
            }
        }
        for (User user : users) {
            if (!gids.contains(user.gid())) {
                throw new IllegalArgumentException("user '" + user.name() + "': no group has gid " + user.gid());
            }
        }
        if (!userNames.contains(runAs)) {
            throw new IllegalArgumentException("run-as user '" + runAs + "' is not a user (users: "
                    + String.join(", ", userNames.stream().sorted().toList()) + ")");
        }
    }

    /** The distroless defaults: users root, nobody, nonroot, running as nonroot. */
    public static Accounts defaults() {
        return new Accounts(null, null, null);
    }

    /**
     * Merges declared users and groups into the defaults: a declaration with a default's name replaces it, and a
     * declared user whose gid no group has gets a group of its own name.
     */
    public static Accounts withDefaults(String runAs, List<User> declaredUsers, List<Group> declaredGroups) {
        Map<String, User> users = new LinkedHashMap<>();
        DEFAULT_USERS.forEach(u -> users.put(u.name(), u));
        declaredUsers.forEach(u -> users.put(u.name(), u));
        Map<String, Group> groups = new LinkedHashMap<>();
        DEFAULT_GROUPS.forEach(g -> groups.put(g.name(), g));
        declaredGroups.forEach(g -> groups.put(g.name(), g));
        Map<Integer, String> byGid = new HashMap<>();
        groups.values().forEach(g -> byGid.put(g.gid(), g.name()));
        for (User user : declaredUsers) {
            if (!byGid.containsKey(user.gid()) && !groups.containsKey(user.name())) {
                groups.put(user.name(), new Group(user.name(), user.gid(), List.of()));
                byGid.put(user.gid(), user.name());
            }
        }
        return new Accounts(runAs, new ArrayList<>(users.values()), new ArrayList<>(groups.values()));
    }

    /** The user the image runs as. */
    public User runAsUser() {
        return users.stream().filter(u -> u.name().equals(runAs)).findFirst().orElseThrow();
    }

    /** Why {@code name} is not a valid user or group name, or null when it is. */
    public static String nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "invalid account name '" + name + "' (lower-case letters, digits, '_', '-';"
                    + " starting with a letter or '_'; at most 32 characters)";
        }
        return null;
    }

    /** One line of {@code /etc/passwd}. */
    public record User(String name, int uid, int gid, String home, String shell) {
        public User {
            requireValid(nameProblem(name));
            requireId("uid", uid);
            requireId("gid", gid);
            requireValid(ImagePaths.accountPathProblem(home));
            requireValid(ImagePaths.accountPathProblem(shell));
        }
    }

    /** One line of {@code /etc/group}. */
    public record Group(String name, int gid, List<String> members) {
        public Group {
            requireValid(nameProblem(name));
            requireId("gid", gid);
            members = members == null ? List.of() : List.copyOf(members);
            members.forEach(m -> requireValid(nameProblem(m)));
        }
    }

    private static void requireValid(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void requireId(String what, int id) {
        if (id < 0) {
            throw new IllegalArgumentException(what + " " + id + " is negative");
        }
    }
}
