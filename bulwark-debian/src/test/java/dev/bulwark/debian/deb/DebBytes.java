package dev.bulwark.debian.deb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Assembles {@code .deb} bytes from hand-made members, and takes FakeDeb packages apart to alter them. */
final class DebBytes {
    static final String CONTROL = "Package: crafted\nVersion: 1.0\nArchitecture: all\nDescription: crafted\n";

    private DebBytes() {
    }

    /** A package with a plain control.tar and the given uncompressed data tar. */
    static byte[] withDataTar(byte[] dataTar) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        members.put("control.tar", controlTar());
        members.put("data.tar", dataTar);
        return ar(members);
    }

    static byte[] controlTar() {
        return new TarBytes().dir("./").file("./control", CONTROL).end();
    }

    static byte[] ar(Map<String, byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            String header = String.format("%-16s%-12d%-6d%-6d%-8s%-10d`\n", m.getKey(), 0, 0, 0, "100644",
                    m.getValue().length);
            out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(m.getValue());
            if (m.getValue().length % 2 == 1) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** The members of an ar archive in order. */
    static Map<String, byte[]> members(byte[] deb) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        int pos = 8;
        while (pos + 60 <= deb.length) {
            String header = new String(deb, pos, 60, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.substring(48, 58).trim());
            members.put(header.substring(0, 16).trim(), Arrays.copyOfRange(deb, pos + 60, pos + 60 + size));
            pos += 60 + size + (size % 2);
        }
        return members;
    }
}
