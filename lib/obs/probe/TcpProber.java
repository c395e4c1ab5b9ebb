package obs.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import obs.http.Deadline;
import obs.http.LineReader;
import obs.probe.config.TcpSettings;
import obs.probe.config.TcpSettings.Step;

/** The tcp prober: connect, optional TLS, then blackbox's query_response dialogue (banner checks). */
final class TcpProber implements TargetProber {
    private static final Pattern GROUP_REF = Pattern.compile("\\$\\{(\\w+)}|\\$(\\d+)");

    @Override
    public ProbeResult probe(Target target, Deadline deadline) {
        ResultBuilder r = new ResultBuilder();
        TcpSettings s = target.module().tcp();
        try {
            Resolver.Resolved addr = Resolver.resolve(target.host(), s.ip(), deadline);
            addr.report(r);
            r.gauge("probe_tcp_duration_seconds", addr.took().toNanos() / 1e9, "phase", "resolve");
            try (Socket socket = new Socket()) {
                if (s.sourceAddress() != null) {
                    socket.bind(new InetSocketAddress(s.sourceAddress(), 0));
                }
                long t1 = System.nanoTime();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(addr.address(), target.port()), deadline.millis());
                socket.setSoTimeout(deadline.millis());
                long t2 = System.nanoTime();
                r.gauge("probe_tcp_duration_seconds", (t2 - t1) / 1e9, "phase", "connect").fact("connect_ms", (t2 - t1) / 1e6);
                Socket channel = socket;
                if (s.tls()) {
                    channel = tls(r, socket, target, s, deadline);
                }
                String failure = dialogue(r, channel, target, s, deadline);
                r.gauge("probe_failed_due_to_regex", failure != null && failure.startsWith("no line") ? 1 : 0);
                return failure == null ? r.success() : r.failure(failure);
            }
        } catch (IOException e) {
            return r.gauge("probe_failed_due_to_regex", 0).failure(Failures.describe(e, target.host(), target.port()));
        }
    }

    private static SSLSocket tls(ResultBuilder r, Socket socket, Target target, TcpSettings s, Deadline deadline)
            throws IOException {
        long t = System.nanoTime();
        SSLSocket ssl = TlsClient.handshake(socket, target.host(), target.port(), s.tlsConfig(), deadline.millis());
        r.gauge("probe_tcp_duration_seconds", (System.nanoTime() - t) / 1e9, "phase", "tls");
        TlsFacts.report(r, ssl.getSession(), !s.tlsConfig().insecureSkipVerify());
        return ssl;
    }

    /** Runs the send/expect steps; returns the failure in words, or null. */
    private static String dialogue(ResultBuilder r, Socket socket, Target target, TcpSettings s, Deadline deadline)
            throws IOException {
        Socket channel = socket;
        LineReader in = new LineReader(channel.getInputStream());
        OutputStream out = channel.getOutputStream();
        Matcher last = null;
        for (int i = 0; i < s.dialogue().size(); i++) {
            Step step = s.dialogue().get(i);
            if (step.expect() != null) {
                last = expect(in, step.expect(), deadline);
                if (last == null) {
                    return "no line matched /" + step.expect().pattern() + "/ (step " + (i + 1) + ")";
                }
                r.fact("matched_" + (i + 1), last.group());
            }
            if (step.expectBytes() != null) {
                String got = readBytes(in, step.expectBytes().length());
                if (!got.equals(step.expectBytes())) {
                    r.gauge("probe_failed_due_to_bytes", 1);
                    return "expected bytes " + hex(step.expectBytes()) + ", got " + (got.isEmpty() ? "none" : hex(got))
                            + " (step " + (i + 1) + ")";
                }
                r.gauge("probe_failed_due_to_bytes", 0);
            }
            String send = step.send() == null ? "" : expand(step.send(), last);
            if (!send.isEmpty()) {
                // Blackbox ends every send with a newline; servers such as Redis and SMTP need it. The text holds
                // one char per byte (see TcpSettings.Step), so ISO-8859-1 writes the configured bytes unchanged.
                out.write((send + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            if (step.startTls()) {
                channel = tls(r, channel, target, s, deadline);
                in = new LineReader(channel.getInputStream());
                out = channel.getOutputStream();
            }
        }
        return null;
    }

    private static Matcher expect(LineReader in, Pattern pattern, Deadline deadline) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
            if (deadline.expired()) {
                return null;
            }
        }
        return null;
    }

    /** Up to {@code n} bytes, fewer only at the end of the stream; one char per byte. */
    private static String readBytes(LineReader in, int n) throws IOException {
        byte[] got = new byte[n];
        byte[] chunk = new byte[n];
        int have = 0;
        while (have < n) {
            int k = in.read(chunk, n - have);
            if (k < 0) {
                break;
            }
            System.arraycopy(chunk, 0, got, have, k);
            have += k;
        }
        return new String(got, 0, have, StandardCharsets.ISO_8859_1);
    }

    private static String hex(String bytes) {
        StringBuilder out = new StringBuilder("0x");
        for (char c : bytes.toCharArray()) {
            out.append(String.format("%02x", (int) c));
        }
        return out.toString();
    }

    /** Replaces ${1}, $1 and ${name} with the groups of the last expect match. */
    static String expand(String send, Matcher match) {
        if (match == null) {
            return send;
        }
        Matcher refs = GROUP_REF.matcher(send);
        StringBuilder out = new StringBuilder();
        while (refs.find()) {
            String ref = refs.group(1) != null ? refs.group(1) : refs.group(2);
            String value;
            try {
                value = ref.chars().allMatch(Character::isDigit) ? match.group(Integer.parseInt(ref)) : match.group(ref);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                value = "";
            }
            refs.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        refs.appendTail(out);
        return out.toString();
    }
}
