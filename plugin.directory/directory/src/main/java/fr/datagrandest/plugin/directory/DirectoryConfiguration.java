package fr.datagrandest.plugin.directory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Directory", description = "The shared directory of partners, collèges and contacts")
public @interface DirectoryConfiguration {

    String PID = "fr.datagrandest.plugin.directory";

    @AttributeDefinition(description = "Largest file accepted by an import, in MiB")
    int maxImportMiB() default 20;

    @AttributeDefinition(description = "Most rows read from one imported file")
    int maxImportRows() default 200000;

    @AttributeDefinition(description = "People whose entry has not changed nor been confirmed for this many months are "
            + "erased by the retention rule; 0 turns the rule off")
    int retentionMonths() default 36;

    @AttributeDefinition(description = "Hours between two runs of the retention rule")
    int retentionCheckHours() default 24;

    @AttributeDefinition(description = "Fill an empty directory with demo data on first start: real organisation names "
            + "(communes, EPCI, départements of Grand Est) and synthetic people")
    boolean demoData() default true;

    @AttributeDefinition(description = "On a database shared by several nodes (not the embedded H2), minutes between "
            + "two rebuilds of this node's search index so that the other nodes' changes show; 0 turns them off")
    int searchIndexRebuildMinutes() default 10;

    @AttributeDefinition(description = "Why the directory keeps personal data, shown to every person (RGPD)")
    String purpose() default "Annuaire partagé des partenaires de DataGrandEst : trouver le référent de chaque membre, "
            + "animer les collèges, groupes de travail et listes de diffusion.";
}
