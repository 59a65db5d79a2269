package dev.bulwark.builder.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.builder.lock.LockResult;

/** The stable JSON form of a lock's result, for the CLI and the server alike. */
public final class LockJson {
    private LockJson() {
    }

    /** The JSON view 'bulwark lock --format json' prints. */
    public static String of(LockResult result) {
        ObjectNode root = Json.object();
        root.put("lockfile", result.path().toString());
        root.put("changed", result.changed());
        root.put("sourceDateEpoch", result.lockfile().sourceDateEpoch());
        ObjectNode archsNode = root.putObject("archs");
        result.lockfile().archs().forEach((arch, pkgs) -> {
            ObjectNode a = archsNode.putObject(arch);
            a.put("packages", pkgs.size());
            a.put("debBytes", pkgs.stream().mapToLong(p -> p.size()).sum());
        });
        if (result.fetch() != null) {
            ObjectNode f = root.putObject("fetch");
            f.put("downloaded", result.fetch().downloaded());
            f.put("downloadedBytes", result.fetch().downloadedBytes());
            f.put("cached", result.fetch().cached());
        }
        return Json.render(root);
    }
}
