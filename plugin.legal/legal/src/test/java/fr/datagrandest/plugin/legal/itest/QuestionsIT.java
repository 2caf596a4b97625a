package fr.datagrandest.plugin.legal.itest;

import static fr.datagrandest.plugin.legal.itest.LegalApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Legal questions over HTTP: a signed-in user asks with an attachment, the legal team answers and publishes the
 * answer in the FAQ with links to documents and clauses; the e-mails go through a local SMTP test server that
 * speaks the protocol and keeps what it received.
 */
@ExtendWith(BundleContextExtension.class)
class QuestionsIT {

    @InjectBundleContext
    BundleContext context;
    LegalApiFixture api;
    ServerSocket smtp;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Thread server;

    @BeforeEach
    void smtpServerAndConfiguration() throws Exception {
        smtp = new ServerSocket(0);
        server = new Thread(this::serve, "test-smtp");
        server.setDaemon(true);
        server.start();
        ServiceReference<ConfigurationAdmin> admin = context.getServiceReference(ConfigurationAdmin.class);
        Configuration configuration = context.getService(admin).getConfiguration("fr.datagrandest.plugin.legal", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("smtpHost", "localhost");
        properties.put("smtpPort", smtp.getLocalPort());
        properties.put("smtpFrom", "juridique@example.org");
        properties.put("teamAddress", "equipe@example.org");
        configuration.update(properties);
        Thread.sleep(1500); // the components restart with the configuration
        api = new LegalApiFixture(context);
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
        ServiceReference<ConfigurationAdmin> admin = context.getServiceReference(ConfigurationAdmin.class);
        context.getService(admin).getConfiguration("fr.datagrandest.plugin.legal", "?").delete();
    }

    /** A minimal SMTP server: answers each command, collects each message's recipient and text. */
    private void serve() {
        while (!smtp.isClosed()) {
            try (Socket client = smtp.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream();
                out.write("220 test SMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                StringBuilder message = new StringBuilder();
                String recipient = "";
                for (String line; (line = in.readLine()) != null;) {
                    String reply;
                    if (line.startsWith("EHLO")) {
                        reply = "250-test\r\n250 8BITMIME";
                    } else if (line.startsWith("RCPT TO:")) {
                        recipient = line.substring(8);
                        reply = "250 ok";
                    } else if (line.equals("DATA")) {
                        out.write("354 go on\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (String data; (data = in.readLine()) != null && !data.equals(".");) {
                            message.append(data).append('\n');
                        }
                        received.add(recipient + "\n" + message);
                        reply = "250 queued";
                    } else if (line.equals("QUIT")) {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        break;
                    } else {
                        reply = "250 ok";
                    }
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (Exception closed) {
                return;
            }
        }
    }

    /** The decoded text of a received message (base64 body). */
    private static String text(String message) {
        String body = message.substring(message.indexOf("\n\n") + 2).replace("\n", "");
        return new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8);
    }

    @Test
    void aQuestionIsAskedAnsweredPublishedInTheFaqAndEveryoneIsTold() throws Exception {
        assertEquals(401, api.send("POST", "/legal/api/questions", "{\"title\":\"t\",\"body\":\"b\"}", false).statusCode());
        HttpResponse<String> asked = api.send("POST", "/legal/api/questions", """
                {"title":"Peut-on publier les DIA sous Licence Ouverte ?","body":"Les déclarations d'intention d'aliéner contiennent des noms.","email":"partenaire@example.org"}""", true);
        assertEquals(201, asked.statusCode(), asked.body());
        String id = json(asked).get("id").asText();
        String toTeam = received.poll(20, TimeUnit.SECONDS);
        assertTrue(toTeam != null && toTeam.startsWith("<equipe@example.org>"), String.valueOf(toTeam));
        assertTrue(text(toTeam).contains("déclarations d'intention d'aliéner"), text(toTeam));

        assertEquals(201, api.upload("/legal/api/questions/" + id + "/attachments?filename=dia.md",
                "# DIA\n\nExtrait anonymisé.".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(422, api.upload("/legal/api/questions/" + id + "/attachments?filename=faux.pdf",
                "pas un pdf".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(1, json(api.getAsAdmin("/legal/api/questions/" + id)).get("attachments").size());

        assertEquals(0, json(api.get("/legal/api/faq")).get("total").asInt());
        HttpResponse<String> badLinks = api.send("POST", "/legal/api/questions/" + id + "/answer",
                "{\"answer\":\"Oui\",\"faq\":true,\"documents\":[\"<script>\"],\"clauses\":[]}", true);
        assertEquals(400, badLinks.statusCode());
        HttpResponse<String> answered = api.send("POST", "/legal/api/questions/" + id + "/answer", """
                {"answer":"Non sans anonymisation : les noms des personnes physiques doivent être occultés (article L. 312-1-2 du CRPA).",
                 "faq":true,"documents":["donnees-personnelles-et-open-data"],"clauses":["minimisation-conservation"]}""", true);
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals("answered", json(answered).get("status").asText());

        JsonNode faq = json(api.get("/legal/api/faq"));
        assertEquals(1, faq.get("total").asInt());
        JsonNode entry = faq.get("entries").get(0);
        assertEquals("Peut-on publier les DIA sous Licence Ouverte ?", entry.get("question").asText());
        assertEquals("donnees-personnelles-et-open-data", entry.get("relatedDocuments").get(0).asText());
        assertEquals("minimisation-conservation", entry.get("relatedClauses").get(0).asText());
        assertFalse(faq.toString().contains("partenaire@example.org"), "the FAQ does not show who asked");

        String toAsker = received.poll(20, TimeUnit.SECONDS);
        assertTrue(toAsker != null && toAsker.startsWith("<partenaire@example.org>"), String.valueOf(toAsker));
        assertTrue(text(toAsker).contains("occultés"), text(toAsker));
        assertTrue(toAsker.contains("Subject: =?UTF-8?B?"), toAsker);

        assertEquals(400, api.send("POST", "/legal/api/questions", "{\"title\":\"x\",\"body\":\"y\",\"email\":\"a@b.c\\r\\nBcc: x@y.z\"}", true).statusCode());
        assertEquals(List.of(), List.copyOf(received), "no other e-mail");
    }
}
