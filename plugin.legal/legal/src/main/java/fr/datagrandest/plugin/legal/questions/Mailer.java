package fr.datagrandest.plugin.legal.questions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Sends plain-text e-mail over SMTP (RFC 5321) to a relay: EHLO, MAIL FROM, RCPT TO, DATA, QUIT. The body is
 * UTF-8 in base64 and the subject is RFC 2047-encoded, so no user text can add a header or end the message.
 */
public final class Mailer {

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private final String host;
    private final int port;
    private final String from;

    public Mailer(String host, int port, String from) {
        this.host = host;
        this.port = port;
        this.from = from;
    }

    public boolean enabled() {
        return host != null && !host.isBlank();
    }

    public static boolean validAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    public void send(String to, String subject, String text) throws IOException {
        if (!validAddress(to) || !validAddress(from)) {
            throw new IOException("invalid e-mail address");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, 220);
            command(out, in, "EHLO datagrandest.legal", 250);
            command(out, in, "MAIL FROM:<" + from + ">", 250);
            command(out, in, "RCPT TO:<" + to + ">", 250);
            command(out, in, "DATA", 354);
            String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(text.getBytes(StandardCharsets.UTF_8));
            String message = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: =?UTF-8?B?"
                    + Base64.getEncoder().encodeToString(subject.replaceAll("[\\r\\n]", " ").getBytes(StandardCharsets.UTF_8))
                    + "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + body + "\r\n.\r\n";
            out.write(message.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, 250);
            command(out, in, "QUIT", 221);
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, int expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    /** Reads a reply, multi-line replies included ("250-…" lines then "250 …"). */
    private static void expect(BufferedReader in, int expected) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || line.length() < 3) {
                throw new IOException("the SMTP server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(expected))) {
            throw new IOException("the SMTP server answered '" + line + "' where " + expected + " was expected");
        }
    }
}
