package fr.datagrandest.plugin.catalog.core.provided;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;
import fr.datagrandest.platform.api.catalog.DatasetPage;
import fr.datagrandest.platform.api.catalog.DatasetRef;
import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.record.Licences;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/**
 * The catalogue's records as other plugins ask for them (the licence guide, the map layers). Every record of this
 * catalogue is public (anonymous visitors read them all), so none is held back.
 */
@Component(service = DatasetCatalog.class)
public class CatalogDatasets implements DatasetCatalog {

    static final int MAX_LIMIT = 500;
    private final CatalogService catalog;

    @Activate
    public CatalogDatasets(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public DatasetPage datasetsWithLicence(String spdxId, int limit) {
        if (spdxId == null || spdxId.isBlank()) {
            throw new IllegalArgumentException("the licence identifier is blank");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        try {
            // Licences are matched on the SPDX id derived at indexing time; newest resource date first.
            SearchIndex.Result result = catalog.search(SearchIndex.licenceQuery(Licences.canonical(spdxId)),
                    SearchIndex.sort("date"), 0, limit, 0);
            return new DatasetPage(result.total(), result.records().stream().map(CatalogDatasets::ref).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("the catalogue search index cannot be read", e);
        }
    }

    @Override
    public Optional<DatasetRef> dataset(String identifier) {
        if (identifier == null || identifier.isBlank()) {
            return Optional.empty();
        }
        try {
            return catalog.find(identifier).map(stored -> ref(stored.record()));
        } catch (SQLException e) {
            throw new IllegalStateException("the catalogue cannot read its records: " + e.getMessage(), e);
        }
    }

    static DatasetRef ref(CatalogRecord r) {
        return new DatasetRef(r.identifier(), r.title() == null ? r.identifier() : r.title(),
                r.organisation() == null ? "" : r.organisation(), pagePath(r.identifier()));
    }

    /** The record page's path, the identifier encoded for a query string (identifiers may hold / or spaces). */
    public static String pagePath(String identifier) {
        return "/catalog/record?id=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8);
    }
}
