package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** Several nodes share one database: a change written by another node reaches this node's services. */
@ExtendWith(BundleContextExtension.class)
class SharedDatabaseIT {

    @InjectBundleContext
    BundleContext context;

    @Test
    void aLayerChangedByAnotherNodeIsReloaded() throws Exception {
        MapsPlatform platform = new MapsPlatform(context);
        Configuration config = context.getService(context.getServiceReference(ConfigurationAdmin.class))
                .getConfiguration("fr.datagrandest.plugin.maps", "?");
        try {
            config.update(new Hashtable<>(Map.of("refreshSeconds", 1)));
            Thread.sleep(1000);
            platform = new MapsPlatform(context);
            ServiceReference<DataSource> ref = context.getServiceReferences(DataSource.class, "(dge.storage.schema=maps)")
                    .iterator().next();
            // What another node does when an editor renames the layer and changes its style there (new values each run).
            String newTitle = "Intercommunalités " + System.currentTimeMillis();
            String colour = String.format("#%06x", (int) (System.nanoTime() & 0xffffff));
            try (Connection c = context.getService(ref).getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE layer SET title = ?, style_json = ?, updated_at = ? WHERE id = 'epci'")) {
                ps.setString(1, newTitle);
                ps.setString(2, "{\"fill\":\"" + colour + "\"}");
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                assertEquals(1, ps.executeUpdate());
            }
            long deadline = System.currentTimeMillis() + 15_000;
            String title = "";
            while (System.currentTimeMillis() < deadline && !title.equals(newTitle)) {
                Thread.sleep(250);
                title = platform.json("/maps/api/layers/epci").get("title").asText();
            }
            assertEquals(newTitle, title);
            assertEquals(colour, platform.json("/maps/api/layers/epci/style").get("fill").asText());
        } finally {
            config.delete();
            Thread.sleep(1000);
            new MapsPlatform(context);
        }
    }
}
