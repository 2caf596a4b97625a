package fr.datagrandest.plugin.legal.questions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The mailer against a real SMTP server (SubEthaSMTP) on a local port: STARTTLS and TLS from the first byte with a
 * certificate made for {@code localhost} by the JDK's keytool for this run, AUTH PLAIN and LOGIN, and every way
 * it must refuse to send (no STARTTLS offered, untrusted certificate, wrong host name, wrong password, credentials
 * without TLS).
 */
class MailerTest {

    static final String USER = "juridique@example.org";
    static final String PASSWORD = "mot-de-passe-é-42";

    @TempDir
    static Path keys;
    static SSLContext serverTls;
    static SSLSocketFactory clientTls;

    final List<String[]> received = new CopyOnWriteArrayList<>();
    final List<String> logins = new CopyOnWriteArrayList<>();
    SMTPServer server;

    @BeforeAll
    static void certificateForLocalhost() throws Exception {
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", keys.resolve("server.p12").toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "smtp", "-keystore", keys.resolve("server.p12").toString(), "-storepass", "changeit",
                "-file", keys.resolve("smtp.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "smtp", "-file", keys.resolve("smtp.cer").toString(),
                "-keystore", keys.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("server.p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        clientTls = Mailer.trusting(keys.resolve("trust.p12"), "changeit");
    }

    static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool " + command + ": " + output);
    }

    /** Starts the server; what it delivers goes to {@link #received} (sender, recipient, message). */
    void serve(Consumer<SMTPServer.Builder> options) {
        UsernamePasswordValidator validator = (user, password, context) -> {
            logins.add(user);
            if (!USER.equals(user) || !PASSWORD.equals(password)) {
                throw new LoginFailedException("wrong user or password");
            }
        };
        SMTPServer.Builder builder = SMTPServer.port(0).hostName("localhost")
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(validator))
                .messageHandler((context, from, to, data) -> received.add(new String[] {from, to, new String(data, StandardCharsets.US_ASCII)}));
        options.accept(builder);
        server = builder.build();
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    Mailer mailer(String host, Mailer.Security security, String password, SSLSocketFactory tls) {
        return new Mailer(new Mailer.Settings(host, server.getPortAllocated(), "juridique@datagrandest.fr", security, USER, password, tls));
    }

    static String decodedBody(String message) {
        String body = message.substring(message.indexOf("\r\n\r\n") + 4).replaceAll("\\s", "");
        return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }

    @Test
    void startTlsThenAuthDeliversTheMessage() throws Exception {
        // The server accepts nothing before TLS and authentication.
        serve(b -> b.enableTLS().requireTLS().requireAuth().startTlsSocketFactory(serverTls));
        mailer("localhost", Mailer.Security.STARTTLS, PASSWORD, clientTls).send("equipe@example.org", "Question : licence des données", "Réponse à votre question.");
        assertEquals(1, received.size());
        assertEquals("juridique@datagrandest.fr", received.get(0)[0]);
        assertEquals("equipe@example.org", received.get(0)[1]);
        assertEquals("Réponse à votre question.", decodedBody(received.get(0)[2]));
        assertEquals(List.of(USER), logins);
    }

    @Test
    void tlsFromTheFirstByteThenAuthDeliversTheMessage() throws Exception {
        serve(b -> b.serverSocketFactory(serverTls).requireAuth());
        mailer("localhost", Mailer.Security.TLS, PASSWORD, clientTls).send("equipe@example.org", "Sujet", "Texte");
        assertEquals(1, received.size());
        assertEquals("Texte", decodedBody(received.get(0)[2]));
    }

    @Test
    void authLoginIsUsedWhenPlainIsNotOffered() throws Exception {
        serve(b -> b.enableTLS().requireTLS().requireAuth().startTlsSocketFactory(serverTls)
                .authenticationHandlerFactory(new LoginAuthenticationHandlerFactory((user, password, context) -> {
                    logins.add("LOGIN " + user);
                    if (!PASSWORD.equals(password)) {
                        throw new LoginFailedException("wrong password");
                    }
                })));
        mailer("localhost", Mailer.Security.STARTTLS, PASSWORD, clientTls).send("equipe@example.org", "Sujet", "Texte");
        assertEquals(List.of("LOGIN " + USER), logins);
        assertEquals(1, received.size());
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverWrittenInTheError() throws Exception {
        serve(b -> b.enableTLS().requireTLS().requireAuth().startTlsSocketFactory(serverTls));
        IOException refused = assertThrows(IOException.class,
                () -> mailer("localhost", Mailer.Security.STARTTLS, "pas-le-bon", clientTls).send("equipe@example.org", "Sujet", "Texte"));
        assertTrue(refused.getMessage().contains("535"), refused.getMessage());
        assertFalse(refused.getMessage().contains("pas-le-bon"), refused.getMessage());
        assertEquals(List.of(), received);
    }

    @Test
    void startTlsIsRequiredNotTried() throws Exception {
        // A server (or a man in the middle) that hides STARTTLS gets nothing, credentials least of all.
        serve(b -> b.hideTLS());
        IOException refused = assertThrows(IOException.class,
                () -> mailer("localhost", Mailer.Security.STARTTLS, PASSWORD, clientTls).send("equipe@example.org", "Sujet", "Texte"));
        assertTrue(refused.getMessage().contains("STARTTLS"), refused.getMessage());
        assertEquals(List.of(), logins);
        assertEquals(List.of(), received);
    }

    @Test
    void anUntrustedCertificateOrAnotherHostNameIsRefused() throws Exception {
        serve(b -> b.enableTLS().requireTLS().requireAuth().startTlsSocketFactory(serverTls));
        // The Java runtime's authorities do not know the test certificate.
        assertThrows(IOException.class, () -> mailer("localhost", Mailer.Security.STARTTLS, PASSWORD, Mailer.trusting(null, null))
                .send("equipe@example.org", "Sujet", "Texte"));
        // The certificate names localhost, not 127.0.0.1.
        assertThrows(IOException.class, () -> mailer("127.0.0.1", Mailer.Security.STARTTLS, PASSWORD, clientTls)
                .send("equipe@example.org", "Sujet", "Texte"));
        assertEquals(List.of(), logins);
        assertEquals(List.of(), received);
    }

    @Test
    void credentialsWithoutTlsAndUnknownSettingsAreRefusedAtConfiguration() {
        IllegalArgumentException clear = assertThrows(IllegalArgumentException.class,
                () -> new Mailer.Settings("localhost", 25, "juridique@datagrandest.fr", Mailer.Security.NONE, USER, PASSWORD, null));
        assertTrue(clear.getMessage().contains("smtpTls"), clear.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Mailer.Security.parse("ssl3"));
        assertTrue(unknown.getMessage().contains("ssl3"), unknown.getMessage());
        assertEquals(Mailer.Security.STARTTLS, Mailer.Security.parse(" STARTTLS "));
        assertEquals(Mailer.Security.NONE, Mailer.Security.parse(""));
    }
}
