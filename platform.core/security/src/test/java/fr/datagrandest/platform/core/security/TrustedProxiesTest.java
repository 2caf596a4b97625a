package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.servlet.http.HttpServletRequest;

/** Behind a reverse proxy, throttling counts the person's address; nobody else can choose it with a header. */
class TrustedProxiesTest {

    @TempDir
    Path folder;
    SecurityFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SecurityFixture(folder); // trusts 127.0.0.1, the test server's peer
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("198.51.100.4", TrustedProxies.NONE.clientAddress(request("198.51.100.4", "203.0.113.9")));
    }

    @Test
    void aClientThatIsNotATrustedProxyCannotChooseItsAddress() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8");
        assertEquals("198.51.100.4", proxies.clientAddress(request("198.51.100.4", "203.0.113.9")));
    }

    @Test
    void theNearestAddressThatIsNotAProxyIsTheClient() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8", " 192.168.1.1 ", "fd00::/8");
        // a forged first hop, the real client, then our own second proxy
        assertEquals("203.0.113.9", proxies.clientAddress(request("10.1.2.3", "6.6.6.6, 203.0.113.9", "192.168.1.1")));
        assertEquals("2001:db8::5", proxies.clientAddress(request("fd12::1", "2001:db8::5")));
        assertEquals("10.1.2.3", proxies.clientAddress(request("10.1.2.3")), "no header: the proxy itself");
        assertEquals("10.9.9.9", proxies.clientAddress(request("10.1.2.3", "not-an-address, 10.9.9.9")),
                "a hop that is not an address stops the walk at the last address vouched for");
        assertTrue(proxies.trusted("10.255.0.1"));
        assertFalse(proxies.trusted("11.0.0.1"));
        assertFalse(proxies.trusted("999.1.1.1"));
    }

    @Test
    void wrongEntriesAreRefusedWithTheirText() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example.org"))
                .getMessage().contains("proxy.example.org"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"))
                .getMessage().contains("prefix"));
    }

    @Test
    void overHttpThrottlingCountsTheForwardedAddress() throws Exception {
        try (TestServer server = new TestServer(fixture)) {
            for (String name : new String[] {"u1", "u2", "u3", "u4", "u5"}) {
                assertEquals(401, server.get("/api/admin/modules", "Authorization", TestServer.basic(name, "wrong-password"),
                        "X-Forwarded-For", "203.0.113.7").statusCode());
            }
            HttpResponse<String> throttled = server.json("POST", "/api/auth/login",
                    "{\"username\":\"admin\",\"password\":\"" + SecurityFixture.ADMIN_PASSWORD + "\"}", "X-Forwarded-For", "203.0.113.7");
            assertEquals(429, throttled.statusCode(), throttled.body());
            HttpResponse<String> otherPerson = server.json("POST", "/api/auth/login",
                    "{\"username\":\"admin\",\"password\":\"" + SecurityFixture.ADMIN_PASSWORD + "\"}", "X-Forwarded-For", "203.0.113.8");
            assertEquals(200, otherPerson.statusCode(), "another person behind the same proxy is not locked out");
        }
    }

    /** A request from {@code peer} carrying the given X-Forwarded-For headers. */
    private static HttpServletRequest request(String peer, String... forwardedFor) {
        return (HttpServletRequest) Proxy.newProxyInstance(TrustedProxiesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" -> Collections.enumeration(
                            "X-Forwarded-For".equalsIgnoreCase((String) args[0]) ? List.of(forwardedFor) : List.of());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
