package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestStore;

/** Scheduled harvests: a source runs again once its interval has passed since its last run began, not before. */
class HarvestScheduleTest {

    @TempDir
    Path folder;

    @Test
    void aSourceRunsWhenItsIntervalHasPassed() throws Exception {
        DataSource db = TestCatalogs.database();
        CatalogService catalog = TestCatalogs.create(folder.resolve("index"), db);
        HarvestStore store = new HarvestStore(db);
        HarvestService harvests = new HarvestService(catalog, store, 10, true);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/csw";
        Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
        HarvestSource due = new HarvestSource("due", "Due", "csw", url, 5, "test", tenMinutesAgo);
        HarvestSource notYet = new HarvestSource("not-yet", "Not yet", "csw", url, 60, "test", tenMinutesAgo);
        HarvestSource onDemand = new HarvestSource("on-demand", "On demand", "csw", url, 0, "test", tenMinutesAgo);
        for (HarvestSource s : List.of(due, notYet, onDemand)) {
            store.create(s);
        }
        try {
            harvests.startDueHarvests();
            HarvestReport run = waitForRun(harvests, "due");
            assertEquals("failed", run.getStatus(), "nothing listens there");
            assertTrue(run.getError().contains("cannot be read"), run.getError());
            assertEquals(List.of(), harvests.runs("not-yet", 5));
            assertEquals(List.of(), harvests.runs("on-demand", 5));

            // Its last run began just now: the next one waits for the interval.
            harvests.startDueHarvests();
            Thread.sleep(500);
            assertEquals(1, harvests.runs("due", 5).size());
        } finally {
            harvests.stop();
            catalog.stop();
        }
    }

    private static HarvestReport waitForRun(HarvestService harvests, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<HarvestReport> runs = harvests.runs(id, 5);
            if (!runs.isEmpty() && !List.of("running", "queued").contains(runs.get(0).getStatus()) && harvests.progress(id).isEmpty()) {
                return runs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no scheduled run of " + id);
    }
}
