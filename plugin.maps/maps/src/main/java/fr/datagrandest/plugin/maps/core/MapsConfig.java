package fr.datagrandest.plugin.maps.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the map services (PID {@code fr.datagrandest.plugin.maps}, file {@code DATA/conf/fr.datagrandest.plugin.maps.cfg}). */
@ObjectClassDefinition(name = "DataGrandEst maps", description = "Limits and demo content of the map services")
public @interface MapsConfig {

    String PID = "fr.datagrandest.plugin.maps";

    @AttributeDefinition(description = "Largest layer file accepted by an upload, in MiB (also after unzipping)")
    int maxUploadMiB() default 200;

    @AttributeDefinition(description = "Largest WIDTH or HEIGHT of a WMS GetMap or legend, in pixels")
    int maxImageSize() default 4096;

    @AttributeDefinition(description = "Publish the communes, EPCI and départements of Grand Est on the first start")
    boolean publishDemoLayers() default true;

    @AttributeDefinition(description = "Vector tiles kept in memory (the cache is emptied when a layer changes)")
    int tileCacheEntries() default 20000;

    @AttributeDefinition(description = "Largest page of OGC API Features items")
    int maxItemsPerPage() default 10000;

    @AttributeDefinition(description = "Seconds between checks for layers changed by another platform node sharing the"
            + " database (0: never)")
    int refreshSeconds() default 30;
}
