package fr.datagrandest.plugin.catalog.core;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import fr.datagrandest.plugin.catalog.core.csw.CswServlet;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestStore;

/**
 * Not a test: the harvest benchmark (bench/catalog/harvest.sh). A first catalogue holds synthetic records (as in
 * {@link CatalogBenchmark}) and serves them with its own CSW servlet over HTTP (Jetty); a second catalogue
 * harvests it by pages of 100 (ISO 19139 output), then harvests it again (nothing changed: incremental run).
 */
class HarvestBenchmark {

    @Test
    void run() throws Exception {
        int records = Integer.parseInt(System.getProperty("bench.records", "100000"));
        Path dir = Files.createTempDirectory("catalog-harvest-bench");
        JdbcConnectionPool sourcePool = CatalogBenchmark.database(dir.resolve("source"));
        CatalogService source = new CatalogService(sourcePool, dir.resolve("source-index"), TestCatalogs.config());
        List<String> templates = CatalogBenchmark.templates(source);
        Random random = new Random(42);
        ImportReport report = new ImportReport();
        for (int i = 0; i < records; i++) {
            source.importDocument("synthetic-" + i + ".xml",
                    CatalogBenchmark.synthetic(templates.get(i % templates.size()), i, random).getBytes(StandardCharsets.UTF_8),
                    "bench", report);
            if (i % 5000 == 4999) {
                source.commit();
            }
        }
        source.commit();
        System.out.printf("BENCH harvest source: %d synthetic records served by the catalogue's CSW%n", source.count());

        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CswServlet(source)), "/catalog/csw");
        server.setHandler(context);
        server.start();
        String url = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/catalog/csw";

        JdbcConnectionPool copyPool = CatalogBenchmark.database(dir.resolve("copy"));
        CatalogService copy = new CatalogService(copyPool, dir.resolve("copy-index"), TestCatalogs.config());
        HarvestService harvests = new HarvestService(copy, new HarvestStore(copyPool), 100, true);
        HarvestSource s = harvests.create("bench", "csw", url, 0, "bench");
        for (String label : new String[] {"first run", "second run (unchanged)"}) {
            long t0 = System.nanoTime();
            HarvestReport r = harvests.runNow(s);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH harvest %s: %s, %d added, %d unchanged, %d refused, %d pages in %.1f s = %.0f records/s%n",
                    label, r.getStatus(), r.getAdded(), r.getUnchanged(), r.getRefused(), r.getPages(), seconds, r.getSeen() / seconds);
        }
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf("BENCH heap used after GC: %d MB (max %d MB)%n", heap.getUsed() >> 20, heap.getMax() >> 20);
        server.stop();
        harvests.stop();
        copy.stop();
        source.stop();
        copyPool.dispose();
        sourcePool.dispose();
        // Two catalogues of 100,000 records take gigabytes: leave nothing behind.
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
