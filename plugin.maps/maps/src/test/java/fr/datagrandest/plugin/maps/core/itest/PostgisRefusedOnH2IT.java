package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** On the embedded H2 database there are no PostGIS tables: publishing one is refused with the reason. */
@ExtendWith(BundleContextExtension.class)
class PostgisRefusedOnH2IT {

    @InjectBundleContext
    BundleContext context;

    @Test
    void publishingATableIsRefusedOnH2() throws Exception {
        MapsPlatform platform = new MapsPlatform(context);
        HttpResponse<String> r = platform.send("POST", "/maps/api/layers?id=table&title=Table&postgis=public.table",
                null, platform.admin());
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("PostgreSQL"), r.body());
        assertEquals(404, platform.get("/maps/api/layers/table").statusCode());
    }
}
