package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import obs.core.Exit;
import obs.core.ObsException;
import obs.probe.config.Module;
import obs.probe.config.Modules;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class TargetParserTest {
    private final TargetParser parser = new TargetParser(Modules.load(ModuleFileTest.FIXTURES.resolve("modules.yml")));

    @Test
    void theSchemeImpliesTheModule() {
        Target https = parse("https://127.0.0.1:8443/health?full=1", null);
        assertEquals("http_2xx", https.module().name());
        assertEquals(8443, https.port());
        assertEquals("/health", https.url().getPath());
        assertEquals("tcp_connect", parse("tcp://db:3306", null).module().name());
        assertEquals("tls_connect", parse("tls://db:443", null).module().name());
        assertEquals("icmp", parse("icmp://10.1.2.3", null).module().name());
        Target path = parse("path://example.org", null);
        assertEquals(Module.Prober.path, path.prober());
        assertEquals(TargetParser.DEFAULT_PATH_PACKETS, path.packets());
        assertEquals(50, parse("path://example.org?packets=50", null).packets());
        assertEquals("::1", parse("icmp://[::1]", null).host());
    }

    @Test
    void dnsTargetsCarryTheirQuestion() {
        Target dns = parse("dns://127.0.0.1:5353/web.obs.test?type=AAAA&transport=tcp", null);
        assertEquals("127.0.0.1", dns.host());
        assertEquals(5353, dns.port());
        assertEquals("web.obs.test", dns.module().dns().queryName());
        assertEquals(Type.AAAA, dns.module().dns().queryType());
        assertEquals(true, dns.module().dns().tcp());
        assertEquals(53, parse("dns://ns1/x.org", null).port());
        assertEquals("web.obs.test", parse("127.0.0.1:53", "dns_web").module().dns().queryName());
    }

    @Test
    void aModuleTakesBlackboxStyleTargets() {
        Target http = parse("127.0.0.1:8080", "http_2xx");
        assertEquals("http://127.0.0.1:8080", http.url().toString());
        assertEquals("tcp_connect", parse("db:3306", null).module().name());
        assertEquals("redis_ping", parse("tcp://cache:6379", "redis_ping").module().name());
        assertNull(parse("icmp://h", null).url());
    }

    @Test
    void badTargetsAreUsageErrorsNamingTheTarget() {
        assertBad("bad target 'ftp://x': unknown scheme 'ftp' (use http, https, tcp, tls, dns, icmp or path)", "ftp://x", null);
        assertBad("bad target 'example.org': give a scheme (https://, tcp://, dns://, icmp://, path://) or a --module",
                "example.org", null);
        assertBad("bad target 'tcp://db': a tcp target needs a port (host:port)", "tcp://db", null);
        assertBad("bad target 'http://exa mple.org/': Illegal character in authority at index 10", "http://exa mple.org/", null);
        assertBad("bad target 'tcp://db:1': module 'http_2xx' uses the http prober, which cannot probe a tcp:// target",
                "tcp://db:1", "http_2xx");
        assertBad("bad target 'dns://127.0.0.1': no name to ask for: use dns://SERVER/NAME?type=A or a module with query_name",
                "dns://127.0.0.1", null);
        assertBad("bad target 'dns://ns/x?type=BOGUS': unknown DNS type 'BOGUS'", "dns://ns/x?type=BOGUS", null);
        assertBad("bad target 'icmp://h?count=3': unknown parameter 'count' (known: packets)", "icmp://h?count=3", null);
        assertBad("bad target 'path://h?packets=0': packets must be a number from 1 to 1000", "path://h?packets=0", null);
        assertBad("bad target 'icmp://h:80': an icmp target takes no port", "icmp://h:80", null);
        ObsException unknown = assertThrows(ObsException.class, () -> parse("tcp://db:1", "tcp_conect"));
        assertEquals(Exit.USAGE, unknown.exit());
    }

    @Test
    void portsAndHostsThatCannotBeReachedAreUsageErrors() {
        assertBad("bad target 'tcp://127.0.0.1:70000': port 70000 is out of range (1-65535)", "tcp://127.0.0.1:70000", null);
        assertBad("bad target '127.0.0.1:70000': port 70000 is out of range (1-65535)", "127.0.0.1:70000", null);
        assertBad("bad target 'tcp://127.0.0.1:0': port 0 is out of range (1-65535)", "tcp://127.0.0.1:0", null);
        assertBad("bad target 'http://h:0/': port 0 is out of range (1-65535)", "http://h:0/", null);
        assertBad("bad target 'dns://ns:99999/x': port 99999 is out of range (1-65535)", "dns://ns:99999/x", null);
        assertBad("bad target 'tcp://h:99999999999': port 99999999999 is out of range (1-65535)", "tcp://h:99999999999", null);
        assertBad("bad target 'http://h:abc/': port 'abc' is not a number", "http://h:abc/", null);
        assertBad("bad target 'tcp://1.2.3.4.5:80': '1.2.3.4.5' is not a valid host name or address", "tcp://1.2.3.4.5:80", null);
        assertBad("bad target 'http://:80/': no host name", "http://:80/", null);
        assertBad("bad target 'http:///x': no host name", "http:///x", null);
        assertBad("bad target 'tcp://[::g]:80': Expected hex digits or IPv4 address at index 9", "tcp://[::g]:80", null);
        assertBad("bad target 'icmp://h:0': an icmp target takes no port", "icmp://h:0", null);
        assertEquals("https", parse("HTTPS://h/", null).url().getScheme(), "schemes are case-insensitive");
        assertEquals("fe80::1%lo", parse("tcp://[fe80::1%25lo]:80", null).host());
    }

    @Test
    void credentialsInTheUrlAreRedactedButKeptForTheRequest() {
        Target t = parse("http://admin:s3cret@127.0.0.1:8080/x", null);
        assertEquals("http://admin:xxxxx@127.0.0.1:8080/x", t.name());
        assertEquals("admin:s3cret", t.url().getUserInfo());
        assertEquals("https://xxxxx@h/", parse("https://ghp_token@h/", null).name());
        assertEquals("tcp://u:xxxxx@db:5432", parse("tcp://u:pw@db:5432", null).name());
        assertBad("bad target 'http://admin:xxxxx@h:0/': port 0 is out of range (1-65535)", "http://admin:s3cret@h:0/", null);
        assertEquals("http://h/a@b", TargetParser.redact("http://h/a@b"), "an @ in the path is not user info");
    }

    @Test
    void anExplicitModulesFileIsTheWholeTruth() {
        TargetParser strict = new TargetParser(Modules.of("f.yml", "modules:\n  web:\n    prober: http\n"));
        ObsException e = assertThrows(ObsException.class, () -> strict.parse("127.0.0.1:1", "tcp_connect", Map.of()));
        assertEquals("unknown module 'tcp_connect' in f.yml (known: web)", e.getMessage());
        assertEquals("path", strict.parse("path://h", null, Map.of()).module().name(), "a scheme still implies a built-in");
        assertEquals("web", strict.parse("http://h/", "web", Map.of()).module().name());
    }

    private Target parse(String text, String module) {
        return parser.parse(text, module, Map.of());
    }

    private void assertBad(String message, String text, String module) {
        ObsException e = assertThrows(ObsException.class, () -> parse(text, module));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(message, e.getMessage());
    }
}
