package fr.datagrandest.plugin.catalog.core.harvest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one harvest run did, readable while it runs (progress) and kept afterwards (the report). Counters are
 * updated by the one thread that runs the harvest and read by others, hence volatile.
 */
public final class HarvestReport {

    /** At most this many refusals are listed one by one (all are counted). */
    static final int MAX_LISTED = 1000;

    public record Refusal(String record, String reason) {
    }

    private String id;
    private String sourceId;
    private volatile String status = "queued";
    private volatile String error;
    private Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long matched = -1;
    private volatile int pages;
    private volatile int seen;
    private volatile int added;
    private volatile int updated;
    private volatile int unchanged;
    private volatile int removed;
    private volatile int refused;
    private final List<Refusal> refusals = new ArrayList<>();

    public HarvestReport() {
        // for JSON
    }

    HarvestReport(String id, String sourceId, Instant startedAt) {
        this.id = id;
        this.sourceId = sourceId;
        this.startedAt = startedAt;
    }

    synchronized void refuse(String record, String reason) {
        refused++;
        if (refusals.size() < MAX_LISTED) {
            refusals.add(new Refusal(record, reason));
        }
    }

    void running() {
        status = "running";
    }

    void finish(String status, String error) {
        this.error = error;
        this.finishedAt = Instant.now();
        this.status = status;
    }

    public String getId() {
        return id;
    }

    public String getSourceId() {
        return sourceId;
    }

    /**
     * queued (waiting for another run to end), running, succeeded (records removed at the source removed here) or
     * failed (nothing removed).
     */
    public String getStatus() {
        return status;
    }

    public String getError() {
        return error;
    }

    /** ISO 8601 instants as text: the JSON mapper of the bundle has no java.time module. */
    public String getStartedAt() {
        return startedAt == null ? null : startedAt.toString();
    }

    public String getFinishedAt() {
        return finishedAt == null ? null : finishedAt.toString();
    }

    Instant started() {
        return startedAt;
    }

    /** How many records the source says it has (-1 until known, or when it does not say). */
    public long getMatched() {
        return matched;
    }

    public int getPages() {
        return pages;
    }

    /** Distinct records read from the source so far. */
    public int getSeen() {
        return seen;
    }

    public int getAdded() {
        return added;
    }

    public int getUpdated() {
        return updated;
    }

    public int getUnchanged() {
        return unchanged;
    }

    public int getRemoved() {
        return removed;
    }

    public int getRefused() {
        return refused;
    }

    public synchronized List<Refusal> getRefusals() {
        return List.copyOf(refusals);
    }

    void matched(long n) {
        matched = n;
    }

    void page() {
        pages++;
    }

    void seen() {
        seen++;
    }

    void added(int n) {
        added += n;
    }

    void updated(int n) {
        updated += n;
    }

    void unchanged() {
        unchanged++;
    }

    void removed() {
        removed++;
    }

    // setters for JSON read-back of stored reports
    public void setId(String id) {
        this.id = id;
    }

    public void setSourceId(String sourceId) {
        this.sourceId = sourceId;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public void setError(String error) {
        this.error = error;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt == null ? null : Instant.parse(startedAt);
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt == null ? null : Instant.parse(finishedAt);
    }

    public void setMatched(long matched) {
        this.matched = matched;
    }

    public void setPages(int pages) {
        this.pages = pages;
    }

    public void setSeen(int seen) {
        this.seen = seen;
    }

    public void setAdded(int added) {
        this.added = added;
    }

    public void setUpdated(int updated) {
        this.updated = updated;
    }

    public void setUnchanged(int unchanged) {
        this.unchanged = unchanged;
    }

    public void setRemoved(int removed) {
        this.removed = removed;
    }

    public void setRefused(int refused) {
        this.refused = refused;
    }

    public synchronized void setRefusals(List<Refusal> list) {
        refusals.clear();
        refusals.addAll(list);
    }
}
