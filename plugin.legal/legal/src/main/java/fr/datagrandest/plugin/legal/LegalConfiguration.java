package fr.datagrandest.plugin.legal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the legal library ({@code DATA/conf/fr.datagrandest.plugin.legal.cfg}). */
@ObjectClassDefinition(name = "Bibliothèque juridique", description = "Who edits the legal library and how large uploads may be")
public @interface LegalConfiguration {

    String PID = "fr.datagrandest.plugin.legal";

    @AttributeDefinition(description = "Collège whose editors manage the library and the clauses (platform administrators always may)")
    String editorCollege() default "juridique";

    @AttributeDefinition(description = "Largest attachment accepted, in MiB")
    int maxUploadMiB() default 20;

    @AttributeDefinition(description = "Largest uncompressed content of a DOCX or ODT file, in MiB (zip bomb guard)")
    int maxUncompressedMiB() default 100;

    @AttributeDefinition(description = "Load the starter guides, sheets, clauses and models into an empty library")
    boolean starterContent() default true;

    @AttributeDefinition(description = "SMTP server for notifications about legal questions; empty: no e-mail is sent")
    String smtpHost() default "";

    @AttributeDefinition(description = "SMTP port: 25 for a local relay, 587 with STARTTLS, 465 with TLS")
    int smtpPort() default 25;

    @AttributeDefinition(description = "Protection of the SMTP connection: none (a local relay), starttls (required, not just tried) or tls (from the first byte)")
    String smtpTls() default "none";

    @AttributeDefinition(description = "SMTP user name (AUTH PLAIN or LOGIN, only over TLS); empty: no authentication")
    String smtpUser() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "SMTP password")
    String smtpPassword() default "";

    @AttributeDefinition(description = "PKCS12 file of the certificates trusted for the SMTP server (a private authority); empty: the Java runtime's")
    String smtpTrustStore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of the SMTP trust store, if it has one")
    String smtpTrustStorePassword() default "";

    @AttributeDefinition(description = "Sender address of the notifications")
    String smtpFrom() default "juridique@datagrandest.fr";

    @AttributeDefinition(description = "Address of the legal team, told about each new question; empty: nobody")
    String teamAddress() default "";
}
