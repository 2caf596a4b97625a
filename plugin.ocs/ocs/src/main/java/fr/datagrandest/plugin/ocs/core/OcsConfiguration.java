package fr.datagrandest.plugin.ocs.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the OCS GE plugin ({@code DATA/conf/fr.datagrandest.plugin.ocs.cfg}). */
@ObjectClassDefinition(name = "OCS GE", description = "Imports of OCS GE vintages and the demo data")
public @interface OcsConfiguration {

    String PID = "fr.datagrandest.plugin.ocs";

    @AttributeDefinition(description = "Largest GeoPackage accepted by POST /ocs/api/imports, in MiB")
    int maxUploadMiB() default 2048;

    @AttributeDefinition(description = "Département whose synthetic OCS GE is generated and imported on first"
            + " start when nothing is imported yet; empty for none")
    String demoDepartement() default "68";

    @AttributeDefinition(description = "Mean area of a synthetic demo polygon away from town centres, in m²")
    double demoCellAreaM2() default 150_000;

    @AttributeDefinition(description = "Seconds to wait after start before loading the demo")
    int demoDelaySeconds() default 10;

    @AttributeDefinition(description = "Vintage years of the demo (first, second)")
    int[] demoYears() default {2018, 2021};
}
