package obs.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import obs.core.Exit;
import obs.core.ObsException;
import obs.probe.config.Module;
import obs.probe.config.ModuleFile;
import obs.probe.config.Modules;
import obs.probe.config.TcpSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class ModuleFileTest {
    static final Path FIXTURES = Path.of("tests/resources/probe");

    @Test
    void readsTheBlackboxOptionsObsImplements() {
        Modules m = Modules.load(FIXTURES.resolve("modules.yml"));
        Module body = m.get("http_body");
        assertEquals(Module.Prober.http, body.prober());
        assertEquals(Duration.ofSeconds(5), body.timeout());
        assertEquals("healthy", body.http().failIfBodyNotMatches().get(0).pattern());
        assertFalse(body.http().ip().preferIpv6());
        assertEquals(List.of(302), m.get("http_no_redirect").http().validStatusCodes());
        assertFalse(m.get("http_no_redirect").http().followRedirects());
        assertEquals(1024, m.get("http_small").http().bodySizeLimit());
        assertEquals("obs", m.get("http_auth").http().auth().username());
        assertTrue(m.get("tls_insecure").tcp().tls());
        assertEquals("PONG ${1}", m.get("irc_echo").tcp().dialogue().get(0).send());
        assertEquals(Type.A, m.get("dns_web").dns().queryType());
        assertTrue(m.get("dns_web_tcp").dns().tcp());
        assertEquals(List.of("NOERROR"), m.get("dns_web").dns().validRcodes());
    }

    @Test
    void aFileModuleReplacesTheBuiltInOfTheSameNameAndHidesTheOthers() {
        Modules m = Modules.of("test.yml", "modules:\n  icmp:\n    prober: icmp\n    timeout: 2s\n");
        assertEquals(Duration.ofSeconds(2), m.get("icmp").timeout());
        assertEquals(Duration.ofSeconds(2), m.forScheme("icmp").timeout());
        ObsException e = assertThrows(ObsException.class, () -> m.get("tcp_connect"));
        assertEquals("unknown module 'tcp_connect' in test.yml (known: icmp)", e.getMessage());
        assertEquals(Duration.ofSeconds(10), m.forScheme("tcp_connect").timeout(), "tcp://host:port still means tcp_connect");
        assertEquals(List.of("icmp"), m.all().stream().map(Module::name).toList());
    }

    /**
     * blackbox's current example.yml (Apache-2.0, copied as a fixture) and a blackbox.yml with enable_http3: options
     * newer than obs make only their modules unusable; the file loads and expect_bytes works.
     */
    @Test
    void newerUpstreamFilesLoadWithTheirNewOptionsReportedPerModule() {
        Modules m = Modules.load(FIXTURES.resolve("upstream-example.yml"));
        assertEquals(List.of("modules.http_2xx_example.http.http_headers"), unsupported(m, "http_2xx_example"));
        assertEquals(List.of("prober unix", "modules.unix_socket_ping.unix"), unsupported(m, "unix_socket_ping"));
        assertTrue(m.get("tcp_connect_example").unsupported().isEmpty());
        TcpSettings.Step expect = m.get("postgresql").tcp().dialogue().get(1);
        assertEquals("S", expect.expectBytes());
        String ssl = m.get("postgresql").tcp().dialogue().get(0).send();
        assertEquals(List.of(0, 0, 0, 8, 4, 0xd2, 0x16, 0x2f), ssl.chars().boxed().toList(), "!!binary is sent as its bytes");
        Modules http3 = Modules.of("b.yml", "modules:\n  http_2xx:\n    prober: http\n    http:\n      enable_http3: true\n"
                + "  tcp_connect:\n    prober: tcp\n    tcp:\n      brand_new_option: 1\n");
        assertEquals(List.of("modules.http_2xx.http.enable_http3"), unsupported(http3, "http_2xx"));
        assertEquals(List.of("modules.tcp_connect.tcp.brand_new_option (unknown to obs, perhaps from a newer blackbox exporter)"),
                unsupported(http3, "tcp_connect"));
        ObsException e = assertThrows(ObsException.class, () -> http3.get("tcp_connect"));
        assertTrue(e.getMessage().startsWith("b.yml:9:7: module 'tcp_connect' uses modules.tcp_connect.tcp.brand_new_option"), e.getMessage());
    }

    @Test
    void aTypoNextToAKnownOptionIsStillAnError() {
        assertError("t.yml:6:11: unknown option 'expect_byte' in modules.a.tcp.query_response[0] (did you mean 'expect_bytes'?)",
                "modules:\n  a:\n    prober: tcp\n    tcp:\n      query_response:\n        - expect_byte: S\n");
        assertError("t.yml:3:5: unknown option 'timout' in modules.a (did you mean 'timeout'?)",
                "modules:\n  a:\n    timout: 5s\n    prober: http\n");
        assertError("t.yml:1:1: unknown option 'modles' (did you mean 'modules'?)", "modles: {}\n");
    }

    private static List<String> unsupported(Modules m, String module) {
        return m.find(module).orElseThrow().unsupported().stream().map(u -> u.option()).toList();
    }

    @Test
    void aTypoIsAnErrorWithItsPositionAndTheClosestOption() {
        ObsException e = assertThrows(ObsException.class, () -> Modules.load(FIXTURES.resolve("typo.yml")));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(FIXTURES.resolve("typo.yml") + ":5:7: unknown option 'valid_status_code' in modules.http_2xx.http"
                + " (did you mean 'valid_status_codes'?)", e.getMessage());
    }

    @Test
    void unsupportedBlackboxOptionsLoadButRefuseToProbe() {
        Modules m = Modules.load(FIXTURES.resolve("unsupported.yml"));
        assertEquals(List.of("modules.http_oauth.http.oauth2"),
                m.find("http_oauth").orElseThrow().unsupported().stream().map(u -> u.option()).toList());
        ObsException e = assertThrows(ObsException.class, () -> m.get("http_oauth"));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(FIXTURES.resolve("unsupported.yml") + ":5:7: module 'http_oauth' uses modules.http_oauth.http.oauth2,"
                + " which obs probe does not support", e.getMessage());
        ObsException grpc = assertThrows(ObsException.class, () -> m.get("grpc_plain"));
        assertTrue(grpc.getMessage().contains("prober grpc"), grpc.getMessage());
        assertNull(m.find("grpc_plain").orElseThrow().prober());
        assertEquals(Module.Prober.http, m.get("http_fine").prober());
    }

    @Test
    void enableHttp2IsOnlyReportedWhenItWouldChangeSomething() {
        Modules off = Modules.of("t.yml", "modules:\n  a:\n    prober: http\n    http:\n      enable_http2: false\n");
        assertTrue(off.get("a").unsupported().isEmpty());
        Modules on = Modules.of("t.yml", "modules:\n  a:\n    prober: http\n    http:\n      enable_http2: true\n");
        assertEquals("t.yml:5:7", on.find("a").orElseThrow().unsupported().get(0).location());
    }

    @Test
    void badValuesNameTheirLine() {
        assertError("t.yml:4:33: modules.a.http.valid_status_codes: expected a whole number, found 'ok'",
                "modules:\n  a:\n    prober: http\n    http: {valid_status_codes: [ok]}\n");
        assertError("t.yml:4:14: modules.a.timeout: invalid duration '5 seconds' (use e.g. 500ms, 10s, 2m, 1h)",
                "modules:\n  a:\n    prober: http\n    timeout: 5 seconds\n");
        assertError("t.yml:5:37: modules.a.http.fail_if_body_matches_regexp: invalid regular expression '(': Unclosed group",
                "modules:\n  a:\n    prober: http\n    http:\n      fail_if_body_matches_regexp: ['(']\n");
        assertError("t.yml:5:19: modules.a.dns.query_type: unknown DNS type 'AAAAA'",
                "modules:\n  a:\n    prober: dns\n    dns:\n      query_type: AAAAA\n      query_name: x\n");
        assertError("t.yml:3:5: module 'a' has no prober (http, tcp, dns, icmp or path)", "modules:\n  a:\n    timeout: 5s\n");
        assertError("t.yml:4:5: duplicate key 'prober'", "modules:\n  a:\n    prober: http\n    prober: tcp\n");
    }

    @Test
    void unknownModulesListTheKnownOnes() {
        ObsException e = assertThrows(ObsException.class, () -> Modules.load(null).get("htp_2xx"));
        assertEquals(Exit.USAGE, e.exit());
        assertTrue(e.getMessage().startsWith("unknown module 'htp_2xx' (known: http_2xx, tcp_connect"), e.getMessage());
    }

    @Test
    void theDeployedModulesFileLoadsAndItsProbersAreUsable() {
        Path deployed = Path.of(ProbeRun.DEPLOYED_MODULES);
        Assumptions.assumeTrue(Files.isRegularFile(deployed), "no " + deployed + " in this checkout yet");
        Modules m = Modules.load(deployed);
        for (Module module : m.all()) {
            if (module.prober() != null) {
                assertTrue(module.unsupported().isEmpty(), module.name() + ": " + module.unsupported());
            }
        }
    }

    private static void assertError(String expected, String yaml) {
        ObsException e = assertThrows(ObsException.class, () -> ModuleFile.read("t.yml", yaml));
        assertEquals(Exit.USAGE, e.exit());
        assertEquals(expected, e.getMessage());
    }
}
