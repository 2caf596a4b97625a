package fr.datagrandest.plugin.legal.questions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends plain-text e-mail over SMTP (RFC 5321): EHLO, optionally STARTTLS (RFC 3207) or TLS from the first byte
 * (RFC 8314), optionally AUTH PLAIN or LOGIN (RFC 4954), then MAIL FROM, RCPT TO, DATA, QUIT. The body is UTF-8 in
 * base64 and the subject is RFC 2047-encoded, so no user text can add a header or end the message. The server's
 * certificate is checked against the trust store and the host name; credentials are never sent in clear.
 */
public final class Mailer {

    /** How the connection is protected: not at all (a local relay), by STARTTLS, or TLS from the start (port 465). */
    public enum Security {
        NONE, STARTTLS, TLS;

        /** {@code none}, {@code starttls} or {@code tls}, any case; anything else is refused and named. */
        public static Security parse(String value) {
            String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "", "none" -> NONE;
                case "starttls" -> STARTTLS;
                case "tls", "ssl", "smtps" -> TLS;
                default -> throw new IllegalArgumentException("smtpTls must be none, starttls or tls, not '" + value + "'");
            };
        }
    }

    /**
     * Where and how to send. {@code user} empty: no authentication. {@code tls}: the factory that checks the
     * server's certificate (the JDK's trust store by default, see {@link #trusting(Path, String)}).
     */
    public record Settings(String host, int port, String from, Security security, String user, String password, SSLSocketFactory tls) {

        public Settings {
            if (user != null && !user.isBlank() && security == Security.NONE) {
                throw new IllegalArgumentException("SMTP credentials are only sent over TLS: set smtpTls to starttls or tls");
            }
        }

        boolean authenticates() {
            return user != null && !user.isBlank();
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private final Settings settings;

    public Mailer(Settings settings) {
        this.settings = settings;
    }

    /** A plain relay without authentication. */
    public Mailer(String host, int port, String from) {
        this(new Settings(host, port, from, Security.NONE, "", "", null));
    }

    /**
     * A TLS socket factory that trusts the certificates of a PKCS12 trust store (a relay with a private
     * authority), or the JDK's trust store when {@code trustStore} is null.
     */
    public static SSLSocketFactory trusting(Path trustStore, String password) throws IOException, GeneralSecurityException {
        if (trustStore == null) {
            return SSLContext.getDefault().getSocketFactory();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, password == null || password.isEmpty() ? null : password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    public boolean enabled() {
        return settings.host() != null && !settings.host().isBlank();
    }

    public static boolean validAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    public void send(String to, String subject, String text) throws IOException {
        String from = settings.from();
        if (!validAddress(to) || !validAddress(from)) {
            throw new IOException("invalid e-mail address");
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(settings.host(), settings.port()), 5_000);
            plain.setSoTimeout(10_000);
            Connection c = new Connection(settings.security() == Security.TLS ? tls(plain) : plain);
            c.expect(220);
            List<String> capabilities = c.command("EHLO datagrandest.legal", 250);
            if (settings.security() == Security.STARTTLS) {
                if (!offers(capabilities, "STARTTLS")) {
                    throw new IOException("the SMTP server does not offer STARTTLS; nothing was sent");
                }
                c.command("STARTTLS", 220);
                c = new Connection(tls(plain));
                // RFC 3207: what the server said before TLS is forgotten; ask again.
                capabilities = c.command("EHLO datagrandest.legal", 250);
            }
            if (settings.authenticates()) {
                authenticate(c, capabilities);
            }
            c.command("MAIL FROM:<" + from + ">", 250);
            c.command("RCPT TO:<" + to + ">", 250);
            c.command("DATA", 354);
            String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(text.getBytes(StandardCharsets.UTF_8));
            String message = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: =?UTF-8?B?"
                    + Base64.getEncoder().encodeToString(subject.replaceAll("[\\r\\n]", " ").getBytes(StandardCharsets.UTF_8))
                    + "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + body + "\r\n.\r\n";
            c.out.write(message.getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            c.expect(250);
            c.command("QUIT", 221);
        }
    }

    /** AUTH PLAIN when offered, else AUTH LOGIN; the password never appears in an error message. */
    private void authenticate(Connection c, List<String> capabilities) throws IOException {
        byte[] user = settings.user().getBytes(StandardCharsets.UTF_8);
        byte[] password = settings.password() == null ? new byte[0] : settings.password().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getEncoder();
        if (offers(capabilities, "AUTH", "PLAIN")) {
            byte[] token = new byte[user.length + password.length + 2];
            System.arraycopy(user, 0, token, 1, user.length);
            System.arraycopy(password, 0, token, user.length + 2, password.length);
            c.command("AUTH PLAIN " + base64.encodeToString(token), 235);
        } else if (offers(capabilities, "AUTH", "LOGIN")) {
            c.command("AUTH LOGIN", 334);
            c.command(base64.encodeToString(user), 334);
            c.command(base64.encodeToString(password), 235);
        } else {
            throw new IOException("the SMTP server offers no AUTH PLAIN or LOGIN after TLS; nothing was sent");
        }
    }

    /** Whether an EHLO answer lists the keyword (and, if given, one of its parameters: "AUTH LOGIN PLAIN"). */
    private static boolean offers(List<String> capabilities, String keyword, String... parameter) {
        for (String line : capabilities) {
            String[] words = line.length() > 4 ? line.substring(4).toUpperCase(Locale.ROOT).split("[ =]+") : new String[0];
            if (words.length > 0 && words[0].equals(keyword)) {
                if (parameter.length == 0) {
                    return true;
                }
                for (int i = 1; i < words.length; i++) {
                    if (words[i].equals(parameter[0])) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** TLS over the connected socket, the certificate checked for the configured host name. */
    private Socket tls(Socket plain) throws IOException {
        if (settings.tls() == null) {
            throw new IOException("no TLS configuration");
        }
        SSLSocket socket = (SSLSocket) settings.tls().createSocket(plain, settings.host(), settings.port(), false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }

    /** Reading and writing one SMTP session on a socket (the plain one, then the TLS one). */
    private static final class Connection {
        final BufferedReader in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        List<String> command(String line, int expected) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return expect(expected);
        }

        /** Reads a reply, multi-line replies included ("250-…" lines then "250 …"). */
        List<String> expect(int expected) throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                if (line == null || line.length() < 3) {
                    throw new IOException("the SMTP server closed the connection");
                }
                lines.add(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(Integer.toString(expected))) {
                throw new IOException("the SMTP server answered '" + line + "' where " + expected + " was expected");
            }
            return lines;
        }
    }
}
