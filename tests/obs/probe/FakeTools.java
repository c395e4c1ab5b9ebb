package obs.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stand-ins for fping and mtr that print canned output, for what loopback cannot show (lost pings, a route
 * change); real loss and routes are tested in the namespace lab (NetworkNamespacesTest).
 */
public final class FakeTools {
    private FakeTools() {
    }

    /** An fping that prints {@code line} as its -C summary, whatever it is asked. */
    public static String fping(Path dir, String line) throws IOException {
        return script(dir.resolve("fping"), "echo '" + line + "' >&2\nexit 1\n");
    }

    /** An mtr reporting one hop, the target 127.0.0.1, that lost {@code lossPct} % of 10 packets. */
    public static String mtrWithLoss(Path dir, double lossPct) throws IOException {
        return script(dir.resolve("mtr"), "echo '{\"report\":{\"hubs\":[{\"count\":1,\"host\":\"127.0.0.1\",\"Loss%\":" + lossPct
                + ",\"Snt\":10,\"Last\":0.1,\"Avg\":0.1,\"Best\":0.1,\"Wrst\":0.1,\"StDev\":0}]}}'\n");
    }

    /** An mtr reporting two hops to 127.0.0.1, the first being whatever address {@code firstHop} holds at the time. */
    public static String mtrVia(Path dir, Path firstHop) throws IOException {
        return script(dir.resolve("mtr"), "printf '{\"report\":{\"hubs\":[{\"count\":1,\"host\":\"%s\",\"Loss%%\":0,\"Snt\":1},"
                + "{\"count\":2,\"host\":\"127.0.0.1\",\"Loss%%\":0,\"Snt\":1}]}}' \"$(cat '" + firstHop + "')\"\n");
    }

    private static String script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file.toString();
    }
}
