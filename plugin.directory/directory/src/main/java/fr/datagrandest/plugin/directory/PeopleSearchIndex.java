package fr.datagrandest.plugin.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The normalised search text of every person, held in memory on this node so that a search by words reads no
 * table: the database scan ({@code LIKE '%word%'} on every row, twice with the count) took seconds at 100,000
 * people. It matches exactly like that scan (every word is a substring of the entry's search text) and keeps the
 * order of the result pages (name, then id). It is loaded in the background at start, after every write of this
 * node (meanwhile searches ask the database, as before) and, on a database other nodes may share (not the
 * embedded H2), once it is a minute old (meanwhile searches use it: their writes show within about a minute).
 */
final class PeopleSearchIndex {

    private static final long MAX_AGE_NANOS = 60_000_000_000L;

    /** The entries' texts one after the other, each followed by a line feed (never in a word), from starts[i]. */
    private record Snapshot(long version, long loadedAt, long[] ids, String all, int[] starts, boolean shared) {
    }

    /** The ids of one result page and the number of matches. */
    record Hits(long total, List<Long> ids) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeopleSearchIndex.class);

    private final DataSource dataSource;
    private final AtomicLong version = new AtomicLong();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile Snapshot snapshot;

    PeopleSearchIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Called after every committed write: the next search reloads. */
    void changed() {
        version.incrementAndGet();
    }

    /**
     * The matches from the index, or null while it is being loaded or reloaded after a write of this node: the
     * caller then asks the database, so that an editor always finds their change at once.
     */
    Hits search(List<String> words, int offset, int limit) {
        Snapshot s = current();
        if (s == null) {
            return null;
        }
        // one pass of indexOf over all the texts for the longest word, then the other words on its entries only:
        // one scan of a long string is several times faster than a hundred thousand short ones
        String first = words.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
        String all = s.all();
        int[] starts = s.starts();
        long total = 0;
        List<Long> page = new ArrayList<>(Math.min(limit, 64));
        int pos = all.indexOf(first);
        while (pos >= 0) {
            int i = Arrays.binarySearch(starts, pos);
            if (i < 0) {
                i = -i - 2;
            }
            int end = i + 1 < starts.length ? starts[i + 1] : all.length();
            if (matchesAll(all, starts[i], end - 1, words)) {
                if (total >= offset && page.size() < limit) {
                    page.add(s.ids()[i]);
                }
                total++;
            }
            pos = end < all.length() ? all.indexOf(first, end) : -1;
        }
        return new Hits(total, page);
    }

    /** Whether every word occurs in the entry between from (included) and to (excluded). */
    private static boolean matchesAll(String all, int from, int to, List<String> words) {
        for (String w : words) {
            if (all.indexOf(w, from, to) < 0) {
                return false;
            }
        }
        return true;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        boolean changed = s == null || s.version() != version.get();
        if (changed || (s.shared() && System.nanoTime() - s.loadedAt() >= MAX_AGE_NANOS)) {
            reloadInBackground();
        }
        // only old (writes of other nodes): answer from it while it reloads
        return changed ? null : s;
    }

    /** Starts one background load unless one runs; at start and when a search finds the index out of date. */
    void reloadInBackground() {
        if (reloading.compareAndSet(false, true)) {
            Thread.ofVirtual().name("directory-search-index").start(() -> {
                try {
                    loadNow();
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("Could not load the directory search index: {}", e.getMessage());
                } finally {
                    reloading.set(false);
                }
            });
        }
    }

    /** Loads the index from the database now. */
    synchronized void loadNow() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            snapshot = load(c);
        }
    }

    private Snapshot load(Connection c) throws SQLException {
        // read the version first: a write committed while loading makes the next search load again
        long v = version.get();
        long loadedAt = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        try (PreparedStatement st = c.prepareStatement("SELECT id, search_text FROM person ORDER BY name_key, id");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
                starts.add(all.length());
                String t = rs.getString(2);
                all.append(t == null ? "" : t.replace('\n', ' ')).append('\n');
            }
        }
        long[] idArray = new long[ids.size()];
        int[] startArray = new int[ids.size()];
        for (int i = 0; i < idArray.length; i++) {
            idArray[i] = ids.get(i);
            startArray[i] = starts.get(i);
        }
        LOG.debug("Directory search index: {} people loaded in {} ms", idArray.length,
                (System.nanoTime() - loadedAt) / 1_000_000);
        // the embedded H2 database belongs to this node alone: only a shared one (PostgreSQL) needs the periodic reload
        boolean shared = !"H2".equals(c.getMetaData().getDatabaseProductName());
        return new Snapshot(v, loadedAt, idArray, all.toString(), startArray, shared);
    }

}
