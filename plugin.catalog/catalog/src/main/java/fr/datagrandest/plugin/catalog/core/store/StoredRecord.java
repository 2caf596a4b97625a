package fr.datagrandest.plugin.catalog.core.store;

import java.time.Instant;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/** A record as stored: the derived fields and what the catalogue knows about its original document. */
public record StoredRecord(CatalogRecord record, String originalName, String sha256, Instant createdAt,
        Instant updatedAt) {
}
