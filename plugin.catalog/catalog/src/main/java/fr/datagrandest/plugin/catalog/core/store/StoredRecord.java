package fr.datagrandest.plugin.catalog.core.store;

import java.time.Instant;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/**
 * A record as stored: the derived fields, what the catalogue knows about its original document, and the harvest
 * source it came from (null for a record imported here).
 */
public record StoredRecord(CatalogRecord record, String originalName, String sha256, Instant createdAt,
        Instant updatedAt, String harvestSource) {
}
