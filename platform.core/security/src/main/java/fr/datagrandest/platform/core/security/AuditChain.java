package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import fr.datagrandest.platform.api.security.AuditEvent;

/**
 * The audit log as a hash chain in the table of V4__audit.sql. Rows are only ever inserted: row {@code n}
 * stores the SHA-256 of row {@code n-1} and the SHA-256 of its own content together with that link, so
 * changing, removing or reordering a stored row is detected by {@link #verify()}.
 *
 * <p>Removing the newest rows leaves a shorter chain that is still consistent, so each node also writes the
 * number and hash of the last row it appended to a small file outside the database (the head witness); a chain
 * that no longer reaches that row, or holds another row there, was cut.
 */
final class AuditChain {

    /** The link of the first row. */
    static final String GENESIS = "0".repeat(64);
    private static final int APPEND_ATTEMPTS = 10;

    /** The outcome of a verification: how many rows were checked and the first problem found, if any. */
    record Verification(long rows, long brokenSeq, String problem) {
        boolean intact() {
            return problem == null;
        }
    }

    private final Database database;
    private final Path headWitness;

    AuditChain(Database database) {
        this(database, null);
    }

    /** @param headWitness the file that remembers the last row this node appended, or null for none */
    AuditChain(Database database, Path headWitness) {
        this.database = database;
        this.headWitness = headWitness;
    }

    /** Stores the event at the end of the chain; two nodes appending at once take turns on the primary key. */
    synchronized void append(AuditEvent event) {
        AuditEvent stored = new AuditEvent(event.time().truncatedTo(ChronoUnit.MILLIS), cut(event.actor(), 64),
                cut(event.action(), 64), cut(event.target(), 255), cut(event.result(), 16), cut(event.detail(), 4000));
        for (int attempt = 1; ; attempt++) {
            try {
                long[] appendedSeq = new long[1];
                String[] appendedHash = new String[1];
                database.read(c -> {
                    long seq = 1;
                    String previous = GENESIS;
                    try (PreparedStatement statement = c.prepareStatement(
                            "SELECT seq, row_sha256 FROM audit_events ORDER BY seq DESC LIMIT 1");
                            ResultSet row = statement.executeQuery()) {
                        if (row.next()) {
                            seq = row.getLong(1) + 1;
                            previous = row.getString(2);
                        }
                    }
                    try (PreparedStatement statement = c.prepareStatement("INSERT INTO audit_events (seq, event_time, actor,"
                            + " action, target, result, detail, previous_sha256, row_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        statement.setLong(1, seq);
                        statement.setObject(2, Database.timestamp(stored.time()));
                        statement.setString(3, stored.actor());
                        statement.setString(4, stored.action());
                        statement.setString(5, stored.target());
                        statement.setString(6, stored.result());
                        statement.setString(7, stored.detail());
                        statement.setString(8, previous);
                        appendedSeq[0] = seq;
                        appendedHash[0] = rowHash(seq, stored, previous);
                        statement.setString(9, appendedHash[0]);
                        return statement.executeUpdate();
                    }
                });
                writeHeadWitness(appendedSeq[0], appendedHash[0]);
                return;
            } catch (IllegalStateException e) {
                boolean raced = e.getCause() instanceof SQLException sql && Database.isDuplicateKey(sql);
                if (!raced || attempt == APPEND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The most recent events first. */
    List<AuditEvent> recent(int offset, int limit) {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT event_time, actor, action, target, result, detail"
                    + " FROM audit_events ORDER BY seq DESC LIMIT ? OFFSET ?")) {
                statement.setInt(1, Math.max(0, limit));
                statement.setInt(2, Math.max(0, offset));
                try (ResultSet row = statement.executeQuery()) {
                    List<AuditEvent> events = new ArrayList<>();
                    while (row.next()) {
                        events.add(event(row));
                    }
                    return events;
                }
            }
        });
    }

    long total() {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM audit_events");
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** Walks the whole chain from the first row and reports the first row that does not match. */
    Verification verify() {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT seq, event_time, actor, action, target, result,"
                    + " detail, previous_sha256, row_sha256 FROM audit_events ORDER BY seq")) {
                statement.setFetchSize(500);
                try (ResultSet row = statement.executeQuery()) {
                    long expectedSeq = 1;
                    String previous = GENESIS;
                    while (row.next()) {
                        long seq = row.getLong("seq");
                        if (seq != expectedSeq) {
                            return new Verification(expectedSeq - 1, expectedSeq, "audit row " + expectedSeq + " is missing");
                        }
                        if (!previous.equals(row.getString("previous_sha256"))) {
                            return new Verification(seq - 1, seq, "audit row " + seq + " does not follow row " + (seq - 1)
                                    + ": a row was changed or removed");
                        }
                        String stored = row.getString("row_sha256");
                        if (!rowHash(seq, event(row), previous).equals(stored)) {
                            return new Verification(seq - 1, seq, "audit row " + seq + " was changed after it was written");
                        }
                        previous = stored;
                        expectedSeq++;
                    }
                    return new Verification(expectedSeq - 1, -1, null);
                }
            }
        });
    }

    /** {@link #verify()}, then whether the chain still holds the last row this node appended. */
    Verification verifyWithHead() {
        Verification chain = verify();
        if (!chain.intact() || headWitness == null || !Files.isRegularFile(headWitness)) {
            return chain;
        }
        String[] head;
        try {
            head = Files.readString(headWitness, StandardCharsets.US_ASCII).trim().split(" ");
        } catch (IOException e) {
            return new Verification(chain.rows(), -1, "the audit head witness " + headWitness + " cannot be read: " + e.getMessage());
        }
        long seq = head.length == 2 && head[0].matches("\\d{1,18}") ? Long.parseLong(head[0]) : -1;
        if (seq < 1 || !head[1].matches("[0-9a-f]{64}")) {
            return new Verification(chain.rows(), -1, "the audit head witness " + headWitness + " is not a row number and hash");
        }
        if (chain.rows() < seq) {
            return new Verification(chain.rows(), chain.rows() + 1, "audit rows " + (chain.rows() + 1) + " to " + seq
                    + " were removed: this node appended row " + seq);
        }
        String stored = database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT row_sha256 FROM audit_events WHERE seq = ?")) {
                statement.setLong(1, seq);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
        if (!head[1].equals(stored)) {
            return new Verification(chain.rows(), seq, "audit row " + seq + " is not the row this node appended:"
                    + " the newest rows were removed and others written in their place");
        }
        return chain;
    }

    /** Written after the row is committed, by rename: a crash leaves the previous head, never a torn file. */
    private void writeHeadWitness(long seq, String hash) {
        if (headWitness == null) {
            return;
        }
        try {
            Files.createDirectories(headWitness.getParent());
            Path temporary = headWitness.resolveSibling(headWitness.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap((seq + " " + hash + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temporary, headWitness, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the event is stored; only the extra check against cutting the chain is weaker until the next append
            org.slf4j.LoggerFactory.getLogger(AuditChain.class).warn("Could not write the audit head witness {}: {}",
                    headWitness, e.getMessage());
        }
    }

    /**
     * SHA-256 over the row's number, its fields and the previous row's hash. Each field is written as its
     * length and its text, so no two different rows give the same input.
     */
    static String rowHash(long seq, AuditEvent event, String previous) {
        StringBuilder content = new StringBuilder();
        for (String field : List.of(Long.toString(seq), event.time().toString(), event.actor(), event.action(),
                event.target(), event.result(), event.detail(), previous)) {
            content.append(field.length()).append(':').append(field).append('\n');
        }
        return HexFormat.of().formatHex(Secrets.sha256(content.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        return new AuditEvent(Database.instant(row, "event_time"), row.getString("actor"), row.getString("action"),
                row.getString("target"), row.getString("result"), row.getString("detail"));
    }

    private static String cut(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length - 1) + "…";
    }
}
