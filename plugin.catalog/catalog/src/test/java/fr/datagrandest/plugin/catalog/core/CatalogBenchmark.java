package fr.datagrandest.plugin.catalog.core;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/**
 * Not a test: the catalogue benchmark (bench/catalog/run.sh). Generates synthetic records from the shipped ISO 19139
 * ones (new identifiers, titles marked "[synthétique]", boxes moved over Grand Est), imports them into an H2 file
 * database (PostgreSQL mode, as the platform runs it) and measures import rate, search latency under 8 clients and
 * heap used.
 */
class CatalogBenchmark {

    /** The shipped ISO 19139 records usable as templates (with an identifier and a title, under 60 KB). */
    static List<String> templates(CatalogService catalog) throws java.io.IOException {
        List<String> templates = new ArrayList<>();
        for (String file : catalog.demoFiles()) {
            if (file.startsWith("iso19139/")) {
                String xml = new String(TestCatalogs.resource("demo/" + file), StandardCharsets.UTF_8);
                if (xml.contains("fileIdentifier") && xml.contains("<gmd:title>") && xml.length() < 60_000) {
                    templates.add(xml);
                }
            }
        }
        return templates;
    }

    /** Synthetic record i: identifier synthetic-i, title marked "[synthétique i]", a small box somewhere in Grand Est. */
    static String synthetic(String template, int i, Random random) {
        double w = 3.4 + random.nextDouble() * 4.6;
        double s = 47.5 + random.nextDouble() * 2.5;
        return template.replaceFirst("(<gmd:fileIdentifier>\\s*<gco:CharacterString>)[^<]*", "$1synthetic-" + i)
                .replaceFirst("(<gmd:title>\\s*<gco:CharacterString>)", "$1[synthétique " + i + "] ")
                .replaceAll("(<gmd:westBoundLongitude>\\s*<gco:Decimal>)[^<]*", "$1" + w)
                .replaceAll("(<gmd:eastBoundLongitude>\\s*<gco:Decimal>)[^<]*", "$1" + (w + 0.1))
                .replaceAll("(<gmd:southBoundLatitude>\\s*<gco:Decimal>)[^<]*", "$1" + s)
                .replaceAll("(<gmd:northBoundLatitude>\\s*<gco:Decimal>)[^<]*", "$1" + (s + 0.08));
    }

    /** A catalogue on a new H2 file database (PostgreSQL mode, as the platform runs it) in that folder. */
    static JdbcConnectionPool database(Path dir) throws Exception {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        pool.setMaxConnections(16);
        for (String script : new String[] {"/db/migration/h2/V1__records.sql", "/db/migration/V2__settings.sql", "/db/migration/h2/V3__harvest.sql"}) {
            try (InputStream in = CatalogBenchmark.class.getResourceAsStream(script); Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                    String stripped = sql.replaceAll("(?m)^--.*$", "").strip();
                    if (!stripped.isEmpty()) {
                        s.execute(stripped);
                    }
                }
            }
        }
        return pool;
    }

    @Test
    void run() throws Exception {
        int records = Integer.parseInt(System.getProperty("bench.records", "100000"));
        int clients = Integer.parseInt(System.getProperty("bench.clients", "8"));
        int searches = Integer.parseInt(System.getProperty("bench.searches", "4000"));
        Path dir = Files.createTempDirectory("catalog-bench");
        JdbcConnectionPool pool = database(dir);
        CatalogService catalog = new CatalogService(pool, dir.resolve("index"), TestCatalogs.config());
        List<String> templates = templates(catalog);
        Random random = new Random(42);
        long start = System.nanoTime();
        long generating = 0;
        ImportReport report = new ImportReport();
        for (int i = 0; i < records; i++) {
            long g0 = System.nanoTime();
            String id = "synthetic-" + i;
            byte[] document = synthetic(templates.get(i % templates.size()), i, random).getBytes(StandardCharsets.UTF_8);
            generating += System.nanoTime() - g0;
            catalog.importDocument(id + ".xml", document, "bench", report);
            if (i % 5000 == 4999) {
                catalog.commit();
            }
        }
        catalog.commit();
        double importSeconds = (System.nanoTime() - start - generating) / 1e9;
        System.out.printf("BENCH import: %d records (%d refused) in %.1f s (generation excluded) = %.0f records/s%n", report.getImported(),
                report.getRefused(), importSeconds, report.getImported() / importSeconds);

        String[] words = {"urbanisme", "forêts", "plan local", "eau", "routes", "photographie", "sol", "réseau", "commune", "données"};
        SearchIndex.Result facets = catalog.search(new org.apache.lucene.search.MatchAllDocsQuery(), null, 0, 0, 5);
        String org = facets.facets().get("organisation").get(0).value();
        String type = facets.facets().get("type").get(0).value();
        ExecutorService pool8 = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int seed = c;
            futures.add(pool8.submit(() -> {
                Random r = new Random(seed);
                long[] times = new long[searches / clients];
                for (int i = 0; i < times.length; i++) {
                    long t0 = System.nanoTime();
                    double w = 3.4 + r.nextDouble() * 3;
                    double s = 47.5 + r.nextDouble() * 1.5;
                    BooleanQuery q = new BooleanQuery.Builder()
                            .add(catalog.index().textQuery(words[r.nextInt(words.length)]), Occur.MUST)
                            .add(SearchIndex.bboxQuery(w, s, w + 1.5, s + 1.0, false), Occur.FILTER)
                            .add(SearchIndex.facetFilter("type", type), Occur.FILTER)
                            .add(new BooleanQuery.Builder().add(SearchIndex.facetFilter("organisation", org), Occur.SHOULD)
                                    .add(new org.apache.lucene.search.MatchAllDocsQuery(), Occur.SHOULD).build(), Occur.FILTER)
                            .build();
                    catalog.search(q, null, 0, 20, 10);
                    times[i] = System.nanoTime() - t0;
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            Arrays.stream(f.get()).forEach(all::add);
        }
        pool8.shutdown();
        all.sort(null);
        System.out.printf("BENCH search (text + 2 facets + bbox, 20 hits, facet counts), %d clients, %d searches: p50 %.1f ms, p99 %.1f ms%n",
                clients, all.size(), all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf("BENCH heap used after GC: %d MB (max %d MB)%n", heap.getUsed() >> 20, heap.getMax() >> 20);
        catalog.stop();
        pool.dispose();
    }
}
