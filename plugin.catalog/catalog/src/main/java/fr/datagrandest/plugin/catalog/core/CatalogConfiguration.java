package fr.datagrandest.plugin.catalog.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Catalogue", description = "Metadata catalogue: demo content, upload limits, CSW identity")
public @interface CatalogConfiguration {

    String PID = "fr.datagrandest.plugin.catalog";

    @AttributeDefinition(description = "Load the shipped demo records when the catalogue is empty at start")
    boolean loadDemoContent() default true;

    @AttributeDefinition(description = "Largest upload (one document or a zip), in MiB")
    int maxUploadMiB() default 100;

    @AttributeDefinition(description = "Largest single metadata document, in MiB (also each file inside a zip)")
    int maxDocumentMiB() default 20;

    @AttributeDefinition(description = "Title of the catalogue in CSW capabilities")
    String title() default "Catalogue DataGrandEst";

    @AttributeDefinition(description = "Organisation providing the service, in CSW capabilities")
    String provider() default "DataGrandEst";
}
