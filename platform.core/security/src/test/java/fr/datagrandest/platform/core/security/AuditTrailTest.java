package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.health.HealthStatus;
import fr.datagrandest.platform.api.security.AuditEvent;

/** The audit log is a hash chain: every kind of tampering with stored rows is detected and turns /health DOWN. */
class AuditTrailTest {

    @TempDir
    Path folder;
    SecurityFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new SecurityFixture(folder); // writes one event: the first administrator
        for (int i = 1; i <= 5; i++) {
            fixture.audit.record(new AuditEvent(Instant.parse("2026-03-02T10:00:00.123456789Z").plusSeconds(i), "mona",
                    "module.deploy", "org.example.plugin" + i, "success", "installed version 1." + i));
        }
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void eventsComeBackNewestFirstWithTheirTotal() {
        List<AuditEvent> page = fixture.audit.recent(1, 2);
        assertEquals(List.of("org.example.plugin4", "org.example.plugin3"), page.stream().map(AuditEvent::target).toList());
        assertEquals(Instant.parse("2026-03-02T10:00:04.123Z"), page.get(0).time());
        assertEquals(6, fixture.audit.total());
        assertEquals(HealthStatus.UP, fixture.audit.check().status());
        assertTrue(new AuditChain(fixture.database).verify().intact());
    }

    @Test
    void aChangedRowIsDetected() throws Exception {
        sql("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 3");
        AuditChain.Verification verification = new AuditChain(fixture.database).verify();
        assertFalse(verification.intact());
        assertEquals(3, verification.brokenSeq());
        var health = fixture.audit.check();
        assertEquals(HealthStatus.DOWN, health.status());
        assertTrue(health.message().contains("audit row 3"), health.message());
    }

    @Test
    void aChangedRowWithARecomputedHashIsDetectedAtTheNextRow() throws Exception {
        AuditEvent forged = new AuditEvent(Instant.parse("2026-03-02T10:00:02.123Z"), "mona", "module.deploy",
                "org.example.plugin2", "success", "nothing to see");
        try (Connection c = fixture.dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT previous_sha256 FROM audit_events WHERE seq = 3");
                PreparedStatement update = c.prepareStatement("UPDATE audit_events SET detail = ?, row_sha256 = ? WHERE seq = 3")) {
            var row = select.executeQuery();
            row.next();
            update.setString(1, forged.detail());
            update.setString(2, AuditChain.rowHash(3, forged, row.getString(1)));
            update.executeUpdate();
        }
        AuditChain.Verification verification = new AuditChain(fixture.database).verify();
        assertEquals(4, verification.brokenSeq(), verification.problem());
    }

    @Test
    void aRemovedRowIsDetected() throws Exception {
        sql("DELETE FROM audit_events WHERE seq = 2");
        AuditChain.Verification verification = new AuditChain(fixture.database).verify();
        assertEquals(2, verification.brokenSeq());
        assertTrue(verification.problem().contains("missing"), verification.problem());
    }

    @Test
    void removingTheNewestRowsIsDetectedByTheHeadWitness() throws Exception {
        assertTrue(new AuditChain(fixture.database).verify().intact());
        sql("DELETE FROM audit_events WHERE seq >= 5");
        assertTrue(new AuditChain(fixture.database).verify().intact(), "the shorter chain is consistent on its own");
        var health = fixture.audit.check();
        assertEquals(HealthStatus.DOWN, health.status());
        assertTrue(health.message().contains("audit rows 5 to 6 were removed"), health.message());
    }

    @Test
    void newestRowsReplacedByOthersAreDetected() throws Exception {
        sql("DELETE FROM audit_events WHERE seq = 6");
        AuditChain forger = new AuditChain(fixture.database); // appends without this node's witness
        forger.append(AuditEvent.of("mallory", "module.deploy", "org.example.evil", "success", ""));
        assertTrue(forger.verify().intact());
        var health = fixture.audit.check();
        assertEquals(HealthStatus.DOWN, health.status());
        assertTrue(health.message().contains("audit row 6 is not the row this node appended"), health.message());
    }

    @Test
    void anotherNodeAppendingAfterThisOneIsNoAlarm() {
        new AuditChain(fixture.database, fixture.folder.resolve("other-node-head"))
                .append(AuditEvent.of("system", "module.start", "x", "success", ""));
        assertEquals(HealthStatus.UP, fixture.audit.check().status());
    }

    @Test
    void appendingContinuesTheChainAcrossInstancesSharingTheDatabase() {
        AuditChain otherNode = new AuditChain(fixture.database);
        otherNode.append(AuditEvent.of("system", "module.start", "x", "success", ""));
        fixture.audit.record(AuditEvent.of("system", "module.stop", "x", "success", "a very long detail ".repeat(400)));
        assertTrue(otherNode.verify().intact());
        assertEquals(8, fixture.audit.total());
        assertTrue(fixture.audit.recent(0, 1).get(0).detail().length() <= 4000);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = fixture.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
