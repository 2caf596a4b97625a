package fr.datagrandest.plugin.catalog.core;

import java.util.ArrayList;
import java.util.List;

/** What an import did, file by file: the records it created or replaced, or why a file was refused. */
public final class ImportReport {

    public record Entry(String file, String status, List<String> identifiers, String reason) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void imported(String file, List<String> identifiers, boolean replaced) {
        entries.add(new Entry(file, replaced ? "updated" : "imported", List.copyOf(identifiers), null));
    }

    public synchronized void refused(String file, String reason) {
        entries.add(new Entry(file, "refused", List.of(), reason));
    }

    public synchronized List<Entry> getEntries() {
        return List.copyOf(entries);
    }

    public synchronized int getImported() {
        return (int) entries.stream().filter(e -> !"refused".equals(e.status())).mapToLong(e -> e.identifiers().size()).sum();
    }

    public synchronized int getRefused() {
        return (int) entries.stream().filter(e -> "refused".equals(e.status())).count();
    }

    public synchronized int getFiles() {
        return entries.size();
    }
}
