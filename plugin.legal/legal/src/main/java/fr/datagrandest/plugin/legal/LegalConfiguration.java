package fr.datagrandest.plugin.legal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
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

    @AttributeDefinition(description = "SMTP port (plain SMTP, as a local relay offers it)")
    int smtpPort() default 25;

    @AttributeDefinition(description = "Sender address of the notifications")
    String smtpFrom() default "juridique@datagrandest.fr";

    @AttributeDefinition(description = "Address of the legal team, told about each new question; empty: nobody")
    String teamAddress() default "";
}
