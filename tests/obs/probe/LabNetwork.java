package obs.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import obs.exec.Tools;

/**
 * A small routed network in namespaces this test creates, reachable from the JVM's (root) namespace:
 * <pre>
 *   root 10.X.1.1 --veth-- r1 10.X.1.254 | 10.X.2.254 --veth-- 10.X.2.2 s
 *   root 10.X.3.1 --veth-- r2 10.X.3.254 | 10.X.4.254 --veth-- 10.X.4.2 s     (s also owns 10.X.9.9 on lo)
 *   root 10.X.10.1 ==TUN delay line (s to root delayed)== 10.X.10.2 s
 * </pre>
 * Names start with a per-process prefix; 10.X.0.0/16 is first made unreachable in the root namespace so that
 * nothing can leave through the default route. {@link #close()} removes everything, even after a failed setup.
 */
final class LabNetwork implements AutoCloseable {
    static final int DELAY_MS = 20;
    static final int LOSS_PCT = 10;

    final String prefix;
    final String net;
    final String r1;
    final String r2;
    final String s;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private String unreachable;

    private LabNetwork() {
        String id = Long.toString(ProcessHandle.current().pid(), 36);
        prefix = "op" + id;
        r1 = "obsp-" + id + "-r1";
        r2 = "obsp-" + id + "-r2";
        s = "obsp-" + id + "-s";
        net = pickBlock();
    }

    /** Why the namespace tests cannot run here, or null when they can. */
    static String unavailable() {
        if (!isRoot()) {
            return "network namespaces need root";
        }
        for (String tool : List.of("ip", "nft", "fping", "mtr", "python3")) {
            if (Tools.find(tool).isEmpty()) {
                return tool + " is not installed";
            }
        }
        return Files.exists(Path.of("/dev/net/tun")) ? null : "no /dev/net/tun for the delay line";
    }

    static LabNetwork create() throws IOException, InterruptedException {
        LabNetwork lab = new LabNetwork();
        try {
            lab.build();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    String addr(int subnet, int host) {
        return net + "." + subnet + "." + host;
    }

    private void build() throws IOException, InterruptedException {
        for (String ns : List.of(r1, r2, s)) {
            sh("ip", "netns", "add", ns);
            namespaces.add(ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
        }
        veth(null, prefix + "-h1", addr(1, 1), r1, prefix + "-r1a", addr(1, 254));
        veth(null, prefix + "-h2", addr(3, 1), r2, prefix + "-r2a", addr(3, 254));
        veth(r1, prefix + "-r1b", addr(2, 254), s, prefix + "-s1", addr(2, 2));
        veth(r2, prefix + "-r2b", addr(4, 254), s, prefix + "-s2", addr(4, 2));
        sh("ip", "-n", s, "addr", "add", addr(9, 9) + "/32", "dev", "lo");
        for (String r : List.of(r1, r2)) {
            sh("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            // A router's default ICMP rate limit shows as false loss on its hop.
            sh("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");
        }
        sh("ip", "-n", r1, "route", "add", addr(9, 9), "via", addr(2, 2));
        sh("ip", "-n", r2, "route", "add", addr(9, 9), "via", addr(4, 2));
        sh("ip", "-n", s, "route", "add", addr(1, 0) + "/24", "via", addr(2, 254));
        sh("ip", "-n", s, "route", "add", addr(3, 0) + "/24", "via", addr(4, 254));
        routeVia(1);
        String python = python();
        Process line = start(List.of(python, Path.of("tests/resources/probe/delayline.py").toAbsolutePath().toString(),
                s, prefix + "-ts", addr(10, 2), "root", prefix + "-tr", addr(10, 1),
                Integer.toString(DELAY_MS), "0", "0", "0"));
        awaitLine(line, "ready");
        sh("ip", "netns", "exec", s, "nft", "add", "table", "inet", "obsp_impair");
        sh("ip", "netns", "exec", s, "nft", "add", "chain", "inet", "obsp_impair", "out",
                "{ type filter hook output priority 0 ; policy accept ; }");
        sh("ip", "netns", "exec", s, "nft", "add", "rule", "inet", "obsp_impair", "out", "oifname", prefix + "-ts",
                "meta", "l4proto", "icmp", "numgen", "random", "mod", "100", "<", Integer.toString(LOSS_PCT), "counter", "drop");
        Process web = start(List.of("ip", "netns", "exec", s, python, "-m", "http.server", "19180", "--bind", "0.0.0.0",
                "--directory", Files.createTempDirectory("obsp-www").toString()));
        awaitPort(web, addr(10, 2), 19180);
    }

    /** Points the root namespace's route to 10.X.9.9 through router 1 or 2. */
    void routeVia(int router) throws IOException, InterruptedException {
        sh("ip", "route", "replace", addr(9, 9) + "/32", "via", router == 1 ? addr(1, 254) : addr(3, 254));
    }

    /** Makes router 1 stop answering traceroute (it still forwards). */
    void silenceRouter1(boolean silent) throws IOException, InterruptedException {
        if (silent) {
            sh("ip", "netns", "exec", r1, "nft", "add", "table", "inet", "obsp_silent");
            sh("ip", "netns", "exec", r1, "nft", "add", "chain", "inet", "obsp_silent", "out",
                    "{ type filter hook output priority 0 ; policy accept ; }");
            sh("ip", "netns", "exec", r1, "nft", "add", "rule", "inet", "obsp_silent", "out", "icmp", "type", "time-exceeded", "drop");
        } else {
            sh("ip", "netns", "exec", r1, "nft", "delete", "table", "inet", "obsp_silent");
        }
    }

    private void veth(String nsA, String ifA, String addrA, String nsB, String ifB, String addrB)
            throws IOException, InterruptedException {
        List<String> add = new ArrayList<>(List.of("ip", "link", "add", ifA));
        if (nsA != null) {
            add.addAll(List.of("netns", nsA));
        }
        add.addAll(List.of("type", "veth", "peer", "name", ifB, "netns", nsB));
        sh(add.toArray(String[]::new));
        sh(in(nsA, "addr", "add", addrA + "/24", "dev", ifA));
        sh(in(nsA, "link", "set", ifA, "up"));
        sh(in(nsB, "addr", "add", addrB + "/24", "dev", ifB));
        sh(in(nsB, "link", "set", ifB, "up"));
    }

    private static String[] in(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        if (ns != null) {
            cmd.addAll(List.of("-n", ns));
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    /** A 10.X.0.0/16 block with no routes yet, claimed with an unreachable route. */
    private String pickBlock() {
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < 100; i++) {
            int x = 100 + (int) ((pid + i) % 100);
            String block = "10." + x + ".0.0/16";
            try {
                if (!output("ip", "route", "show", "root", block).isBlank()) {
                    continue;
                }
                sh("ip", "route", "add", "unreachable", block);
                unreachable = block;
                return "10." + x;
            } catch (IOException | InterruptedException taken) {
                // someone else holds this block; try the next
            }
        }
        throw new IllegalStateException("no free 10.x.0.0/16 block for the test network");
    }

    private Process start(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static void awaitLine(Process p, String expected) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line = r.readLine();
        if (!expected.equals(line)) {
            throw new IOException("delay line did not start: " + line);
        }
    }

    private static void awaitPort(Process p, String host, int port) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until && p.isAlive()) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("web server in the namespace did not start");
    }

    /** python3 on this image may be a pyenv shim (a bash script), which `ip netns exec` cannot always run. */
    private static String python() throws IOException, InterruptedException {
        return output("python3", "-c", "import sys; print(sys.executable)").strip();
    }

    private static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static void sh(String... cmd) throws IOException, InterruptedException {
        output(cmd);
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (String ns : namespaces) {
            quietly("ip", "netns", "del", ns);
        }
        if (unreachable != null) {
            quietly("ip", "route", "del", "unreachable", unreachable);
        }
    }

    private static void quietly(String... cmd) throws InterruptedException {
        try {
            sh(cmd);
        } catch (IOException alreadyGone) {
            // teardown goes on with the rest
        }
    }
}
