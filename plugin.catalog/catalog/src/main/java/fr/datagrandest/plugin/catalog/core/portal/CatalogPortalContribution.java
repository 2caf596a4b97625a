package fr.datagrandest.plugin.catalog.core.portal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/** The catalogue in the portal: a navigation entry, records in the global search, records covering a territory. */
@Component
public class CatalogPortalContribution implements PortalContribution {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogPortalContribution.class);
    private final CatalogService catalog;
    private volatile TerritoryService territories;

    @Activate
    public CatalogPortalContribution(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindTerritories(TerritoryService service) {
        this.territories = service;
    }

    void unbindTerritories(TerritoryService service) {
        if (this.territories == service) {
            this.territories = null;
        }
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("catalog", "/catalog", Map.of("fr", "Catalogue", "en", "Catalogue"), 10));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        try {
            return links(catalog.search(catalog.index().textQuery(query), null, 0, limit, 0).records(), language);
        } catch (IOException e) {
            LOG.warn("Catalogue search for the portal failed", e);
            return List.of();
        }
    }

    @Override
    public List<PortalLink> forTerritory(Territory territory, String language) {
        TerritoryService service = territories;
        if (service == null) {
            return List.of();
        }
        Optional<double[]> box = service.boundingBox(territory, CoordinateSystem.WGS84);
        if (box.isEmpty()) {
            return List.of();
        }
        double[] b = box.get();
        try {
            List<PortalLink> out = new ArrayList<>(links(catalog.search(SearchIndex.bboxQuery(b[0], b[1], b[2], b[3], false),
                    SearchIndex.sort("date"), 0, 5, 0).records(), language));
            out.add(new PortalLink("en".equals(language) ? "All records covering " + territory.name()
                    : "Toutes les fiches couvrant " + territory.name(),
                    "/catalog?territoire=" + URLEncoder.encode(territory.key(), StandardCharsets.UTF_8), "", "Catalogue"));
            return out;
        } catch (IOException e) {
            LOG.warn("Catalogue search for a territory failed", e);
            return List.of();
        }
    }

    private static List<PortalLink> links(List<CatalogRecord> records, String language) {
        List<PortalLink> out = new ArrayList<>();
        for (CatalogRecord r : records) {
            String summary = r.abstractText() == null ? "" : r.abstractText().length() > 160
                    ? r.abstractText().substring(0, 157) + "…" : r.abstractText();
            out.add(new PortalLink(r.title() == null || r.title().isBlank() ? r.identifier() : r.title(),
                    "/catalog/record?id=" + URLEncoder.encode(r.identifier(), StandardCharsets.UTF_8), summary, "Catalogue"));
        }
        return out;
    }
}
