package fr.datagrandest.plugin.ocs.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/**
 * On a fresh database, generates the synthetic OCS GE of one département (two vintages) from the platform's
 * commune outlines and imports it through the ordinary import, so that every page shows figures. Runs in
 * the background; progress shows in {@code GET /ocs/api/imports}. The data are labelled synthetic.
 */
@Component(immediate = true, configurationPid = OcsConfiguration.PID)
public class DemoLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoLoader.class);

    private final Thread worker;

    @Activate
    public DemoLoader(@Reference OcsService ocs, OcsConfiguration config) {
        String dep = config.demoDepartement() == null ? "" : config.demoDepartement().trim();
        int[] years = config.demoYears().length == 2 ? config.demoYears() : new int[] {2018, 2021};
        long delay = Math.max(0, config.demoDelaySeconds());
        worker = Thread.ofVirtual().name("ocs-demo").unstarted(() -> {
            try {
                // let the platform finish starting (and a configuration file switch the demo off) first
                Thread.sleep(delay * 1000);
            } catch (InterruptedException e) {
                return;
            }
            load(ocs, dep, years, config.demoCellAreaM2());
        });
        if (!dep.isEmpty()) {
            worker.start();
        }
    }

    private static void load(OcsService ocs, String dep, int[] years, double cellArea) {
        try {
            if (ocs.anyImport()) {
                return;
            }
            long start = System.nanoTime();
            List<CommuneOutline> communes = new ArrayList<>();
            Territory departement = ocs.territories().get(TerritoryLevel.DEPARTEMENT, dep).orElse(null);
            if (departement == null) {
                LOG.warn("demo OCS GE: unknown département {}", dep);
                return;
            }
            Map<String, Geometry> outlines = ocs.communeOutlines(dep);
            for (Territory c : ocs.territories().children(departement, TerritoryLevel.COMMUNE)) {
                String epci = ocs.territories().parents(c).stream().filter(p -> p.level() == TerritoryLevel.EPCI)
                        .map(Territory::code).findFirst().orElse("");
                Geometry outline = outlines.get(c.code());
                if (outline != null) {
                    communes.add(new CommuneOutline(c.code(), c.name(), dep, epci, c.population(), outline));
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            SyntheticDataset data = new SyntheticOcsGe(2021, cellArea).generate(dep, communes, years[0], years[1]);
            Path dir = Files.createTempDirectory("ocs-demo-");
            try {
                for (int v = 1; v <= 2; v++) {
                    Path file = dir.resolve("OCSGE_SYNTHETIQUE_D0" + dep + "_" + data.year(v) + ".gpkg");
                    GeoPackageWriter.write(data, v, file);
                    ocs.importGeoPackage(file, dep, "demo", "démo synthétique " + file.getFileName());
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
            LOG.info("demo OCS GE: synthetic département {} ({} polygons, {} and {}) loaded in {} s", dep,
                    data.polygons().size(), years[0], years[1], (System.nanoTime() - start) / 1_000_000_000);
        } catch (Exception e) {
            LOG.warn("demo OCS GE could not be loaded: {}", e.getMessage(), e);
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.interrupt();
    }
}
