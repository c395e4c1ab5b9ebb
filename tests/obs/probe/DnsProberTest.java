package obs.probe;

import static obs.probe.Samples.probe;
import static obs.probe.Samples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/** The dns prober against dnsmasq (Debian's dnsmasq-base) on a loopback port, and a dnsjava fake for SOA answers. */
class DnsProberTest {
    @TempDir
    static Path dir;
    static Dnsmasq dns;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Dnsmasq.installed(), "dnsmasq is not installed (apt-get install dnsmasq-base)");
        dns = Dnsmasq.start(dir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void anAnswerIsCountedAndChecked() {
        ProbeResult r = probe("127.0.0.1:" + dns.port, "dns_web");
        assertTrue(r.success(), r.error());
        assertEquals(1, value(r, "probe_dns_answer_rrs"));
        assertEquals("NOERROR", r.facts().get("rcode"));
        assertEquals(List.of("web.obs.test.\t0\tIN\tA\t127.0.0.1"), r.facts().get("answers"));
        assertTrue(value(r, "probe_dns_duration_seconds", "phase", "request") > 0);
        assertTrue(probe("127.0.0.1:" + dns.port, "dns_web_tcp").success());
    }

    @Test
    void theAdditionalSectionHoldsNoOptRecordAsInBlackbox() {
        ProbeResult r = probe("127.0.0.1:" + dns.port, "dns_web");
        assertEquals(0, value(r, "probe_dns_additional_rrs"), "dnsmasq speaks EDNS, but only to a query that does");
        ProbeResult checked = probe("127.0.0.1:" + dns.port, "dns_no_additional");
        assertTrue(checked.success(), checked.error());
    }

    @Test
    void urlsAskTheirOwnQuestion() {
        ProbeResult r = probe("dns://127.0.0.1:" + dns.port + "/db.obs.test?type=A&transport=tcp", null);
        assertTrue(r.success(), r.error());
        assertEquals(List.of("db.obs.test.\t0\tIN\tA\t127.0.0.2"), r.facts().get("answers"));
        ProbeResult txt = probe("dns://127.0.0.1:" + dns.port + "/txt.obs.test?type=TXT", null);
        assertTrue(txt.facts().get("answers").toString().contains("hello obs"), txt.facts().toString());
    }

    @Test
    void rcodeAndRecordChecksFailWithTheReason() {
        ProbeResult missing = probe("127.0.0.1:" + dns.port, "dns_missing");
        assertFalse(missing.success());
        assertEquals("rcode NXDOMAIN is not one of [NOERROR]", missing.error());
        ProbeResult bad = probe("127.0.0.1:" + dns.port, "dns_not_bad");
        assertEquals("answer record 'bad.obs.test.\t0\tIN\tA\t127.0.0.66' matches /.*127\\.0\\.0\\.66/", bad.error());
    }

    @Test
    void aServerThatIsNotThereFails() {
        ProbeResult r = probe("dns://127.0.0.1:1/web.obs.test", null);
        assertFalse(r.success());
        assertEquals(0, value(r, "probe_dns_query_succeeded"));
    }

    @Test
    void soaQuestionsReportTheZoneSerial() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerSoa(server, 2026112501L));
            ProbeResult r = probe("dns://127.0.0.1:" + server.getLocalPort() + "/obs.test?type=SOA", null);
            assertTrue(r.success(), r.error());
            assertEquals(2026112501L, value(r, "probe_dns_serial"));
            ProbeResult a = probe("dns://127.0.0.1:" + server.getLocalPort() + "/obs.test?type=A", null);
            assertTrue(Double.isNaN(value(a, "probe_dns_serial")), "only SOA questions carry a serial, as in blackbox");
        }
    }

    /** A fake authoritative server (dnsjava): every question gets one SOA record for obs.test. in its answer. */
    private static void answerSoa(DatagramSocket server, long serial) {
        byte[] buf = new byte[512];
        while (!server.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                server.receive(in);
                Message query = new Message(Arrays.copyOf(in.getData(), in.getLength()));
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.AA);
                reply.addRecord(query.getQuestion(), Section.QUESTION);
                Name zone = Name.fromString("obs.test.");
                reply.addRecord(new SOARecord(zone, DClass.IN, 60, Name.fromString("ns.obs.test."), Name.fromString("admin.obs.test."),
                        serial, 3600, 600, 86400, 60), Section.ANSWER);
                byte[] wire = reply.toWire();
                server.send(new DatagramPacket(wire, wire.length, in.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
