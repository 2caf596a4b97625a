package fr.datagrandest.plugin.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The normalised search text of every person, held in memory on this node so that a search by words reads no
 * table: the database scan ({@code LIKE '%word%'} on every row, twice with the count) took seconds at 100,000
 * people. It matches exactly like that scan (every word is a substring of the entry's search text) and keeps the
 * order of the result pages (name, then id). It is reloaded from the database on the first search after a write
 * of this node, and at least every minute for the writes of other nodes sharing the database.
 */
final class PeopleSearchIndex {

    private static final long MAX_AGE_NANOS = 60_000_000_000L;

    private record Snapshot(long version, long loadedAt, long[] ids, String[] texts) {
    }

    /** The ids of one result page and the number of matches. */
    record Hits(long total, List<Long> ids) {
    }

    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot;

    /** Called after every committed write: the next search reloads. */
    void changed() {
        version.incrementAndGet();
    }

    Hits search(Connection c, List<String> words, int offset, int limit) throws SQLException {
        Snapshot s = current(c);
        long total = 0;
        List<Long> page = new ArrayList<>(Math.min(limit, 64));
        String[] texts = s.texts();
        for (int i = 0; i < texts.length; i++) {
            if (matches(texts[i], words)) {
                if (total >= offset && page.size() < limit) {
                    page.add(s.ids()[i]);
                }
                total++;
            }
        }
        return new Hits(total, page);
    }

    private static boolean matches(String text, List<String> words) {
        for (String w : words) {
            if (!text.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private Snapshot current(Connection c) throws SQLException {
        Snapshot s = snapshot;
        if (fresh(s)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (fresh(s)) {
                return s;
            }
            // read the version first: a write committed while loading makes the next search load again
            long v = version.get();
            long loadedAt = System.nanoTime();
            List<Long> ids = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id, search_text FROM person ORDER BY name_key, id");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    String t = rs.getString(2);
                    texts.add(t == null ? "" : t);
                }
            }
            long[] idArray = new long[ids.size()];
            for (int i = 0; i < idArray.length; i++) {
                idArray[i] = ids.get(i);
            }
            s = new Snapshot(v, loadedAt, idArray, texts.toArray(String[]::new));
            snapshot = s;
            return s;
        }
    }

    private boolean fresh(Snapshot s) {
        return s != null && s.version() == version.get() && System.nanoTime() - s.loadedAt() < MAX_AGE_NANOS;
    }
}
