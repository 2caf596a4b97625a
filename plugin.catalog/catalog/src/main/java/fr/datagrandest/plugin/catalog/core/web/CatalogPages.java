package fr.datagrandest.plugin.catalog.core.web;

import static fr.datagrandest.plugin.catalog.core.web.Html.esc;
import static fr.datagrandest.plugin.catalog.core.web.Html.url;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.legal.LicenceGuide;
import fr.datagrandest.platform.api.legal.LicenceRef;
import fr.datagrandest.platform.api.maps.MapPreview;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.record.Licences;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import fr.datagrandest.plugin.catalog.core.store.StoredRecord;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The catalogue's web pages, in French, rendered on the server (they work without scripts): search with facets,
 * bounding box and entry by territory at /catalog, a record at /catalog/record?id=, the stylesheet under
 * /catalog/static/.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/catalog", "/catalog/record", "/catalog/import", "/catalog/harvest", "/catalog/static/*"})
@HttpWhiteboardServletName("catalog-pages")
public class CatalogPages extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CatalogPages.class);
    static final int PAGE_SIZE = 20;
    static final Map<String, String> FACET_LABELS = new LinkedHashMap<>();
    static {
        FACET_LABELS.put("type", "Type de ressource");
        FACET_LABELS.put("organisation", "Organisation");
        FACET_LABELS.put("keyword", "Mot-clé");
        FACET_LABELS.put("format", "Format");
        FACET_LABELS.put("licence", "Licence");
        FACET_LABELS.put("year", "Année");
    }
    static final Map<String, String> TYPES = Map.of("dataset", "jeu de données", "series", "série", "service", "service",
            "nonGeographicDataset", "données non géographiques", "application", "application", "map", "carte");

    private final transient CatalogService catalog;
    private transient volatile TerritoryService territories;
    /** Present only while a map plugin runs: the record page then embeds a map of the record's extent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile MapPreview mapPreview;
    /** Present only while the legal plugin runs: the record page then links its licence to the guide's page. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LicenceGuide licenceGuide;

    private final transient HarvestService harvests;

    @Activate
    public CatalogPages(@Reference CatalogService catalog, @Reference HarvestService harvests) {
        this.catalog = catalog;
        this.harvests = harvests;
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
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        try {
            if (path.startsWith("/catalog/static/")) {
                staticFile(path.substring("/catalog/static/".length()), response);
            } else if (path.equals("/catalog/record")) {
                record(request, response);
            } else if (path.equals("/catalog/import")) {
                importPage(response);
            } else if (path.equals("/catalog/harvest")) {
                harvestPage(response);
            } else {
                search(request, response);
            }
        } catch (SQLException e) {
            LOG.error("Catalogue page failed", e);
            response.sendError(500, "Le catalogue ne peut pas lire ses fiches pour le moment.");
        }
    }

    private void staticFile(String name, HttpServletResponse response) throws IOException {
        if (!name.equals("catalog.css") && !name.equals("import.js")) {
            response.sendError(404);
            return;
        }
        try (InputStream in = CatalogPages.class.getResourceAsStream("/static/" + name)) {
            response.setContentType(name.endsWith(".css") ? "text/css; charset=UTF-8" : "text/javascript; charset=UTF-8");
            response.setHeader("Cache-Control", "max-age=3600");
            in.transferTo(response.getOutputStream());
        }
    }

    private void search(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String q = trim(request.getParameter("q"));
        String territoryKey = trim(request.getParameter("territoire"));
        String bboxText = trim(request.getParameter("bbox"));
        String sort = trim(request.getParameter("tri"));
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(trim(request.getParameter("page")) == null ? "1" : request.getParameter("page")));
        } catch (NumberFormatException ignored) {
            // a page number that is not a number shows the first page
        }
        List<String> problems = new ArrayList<>();
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(q == null ? new MatchAllDocsQuery() : catalog.index().textQuery(q), Occur.MUST);
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String dim : SearchIndex.FACETS) {
            String[] values = request.getParameterValues(dim);
            if (values != null && values.length > 0) {
                filters.put(dim, List.of(values));
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                for (String v : values) {
                    any.add(SearchIndex.facetFilter(dim, v), Occur.SHOULD);
                }
                query.add(any.build(), Occur.FILTER);
            }
        }
        Territory territory = null;
        double[] box = null;
        if (territoryKey != null) {
            TerritoryService service = territories;
            if (service == null) {
                problems.add("Le service des territoires n'est pas disponible : le filtre par territoire est ignoré.");
            } else {
                territory = territory(service, territoryKey).orElse(null);
                if (territory == null) {
                    problems.add("Territoire inconnu : " + territoryKey);
                } else {
                    box = service.boundingBox(territory, CoordinateSystem.WGS84).orElse(null);
                }
            }
        } else if (bboxText != null) {
            try {
                String[] p = bboxText.split(",");
                box = new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])};
                if (box[0] > box[2] || box[1] > box[3]) {
                    throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                problems.add("L'emprise doit s'écrire ouest,sud,est,nord en degrés (par exemple 5.8,48.5,7.7,49.6).");
                box = null;
            }
        }
        if (box != null) {
            query.add(SearchIndex.bboxQuery(box[0], box[1], box[2], box[3], false), Occur.FILTER);
        }
        String order = sort == null ? (q == null ? "title" : "relevance") : sort;
        if (!SearchIndex.SORTS.contains(order)) {
            order = "relevance";
        }
        SearchIndex.Result result = catalog.search(query.build(), SearchIndex.sort(order), (page - 1) * PAGE_SIZE, PAGE_SIZE, 12);

        StringBuilder b = new StringBuilder(32_000);
        head(b, q == null ? "Catalogue des données" : "Recherche « " + q + " » – Catalogue");
        b.append("<main id=\"contenu\" tabindex=\"-1\"><h1>Catalogue des données</h1>");
        b.append("<p class=\"intro\">Les jeux de données, séries et services géographiques décrits par les partenaires de DataGrandEst.</p>");
        b.append("<form class=\"recherche\" role=\"search\" method=\"get\" action=\"/catalog\">")
                .append("<label for=\"q\">Rechercher dans le catalogue</label><div class=\"ligne\">")
                .append("<input id=\"q\" name=\"q\" type=\"search\" value=\"").append(esc(q)).append("\" placeholder=\"ex. forêts, urbanisme, hydrographie\">")
                .append("<button type=\"submit\">Rechercher</button></div>");
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            for (String v : f.getValue()) {
                b.append("<input type=\"hidden\" name=\"").append(esc(f.getKey())).append("\" value=\"").append(esc(v)).append("\">");
            }
        }
        b.append("<details").append(box != null || territoryKey != null ? " open" : "").append("><summary>Filtrer par lieu</summary>")
                .append("<label for=\"territoire\">Territoire (commune, EPCI ou département, ex. <code>departement:67</code>)</label>")
                .append("<input id=\"territoire\" name=\"territoire\" value=\"").append(esc(territoryKey)).append("\">")
                .append("<label for=\"bbox\">ou emprise ouest,sud,est,nord (degrés WGS 84)</label>")
                .append("<input id=\"bbox\" name=\"bbox\" value=\"").append(esc(bboxText)).append("\" placeholder=\"5.8,48.5,7.7,49.6\"></details>")
                .append("<label for=\"tri\">Trier par</label><select id=\"tri\" name=\"tri\">");
        for (String[] o : new String[][] {{"relevance", "pertinence"}, {"title", "titre (A → Z)"}, {"date", "date (récent d'abord)"}, {"-date", "date (ancien d'abord)"}}) {
            b.append("<option value=\"").append(o[0]).append('"').append(o[0].equals(order) ? " selected" : "").append('>')
                    .append(o[1]).append("</option>");
        }
        b.append("</select></form>");
        for (String p : problems) {
            b.append("<p class=\"alerte\" role=\"alert\">").append(esc(p)).append("</p>");
        }
        b.append("<div class=\"colonnes\"><aside class=\"facettes\" aria-label=\"Affiner la recherche\"><h2>Affiner</h2>");
        for (Map.Entry<String, String> dim : FACET_LABELS.entrySet()) {
            List<SearchIndex.FacetCount> values = result.facets().getOrDefault(dim.getKey(), List.of());
            List<String> selected = filters.getOrDefault(dim.getKey(), List.of());
            if (values.isEmpty() && selected.isEmpty()) {
                continue;
            }
            b.append("<section><h3>").append(dim.getValue()).append("</h3><ul>");
            for (SearchIndex.FacetCount fc : values) {
                boolean on = selected.contains(fc.value());
                String label = "type".equals(dim.getKey()) ? TYPES.getOrDefault(fc.value(), fc.value())
                        : "licence".equals(dim.getKey()) ? Licences.title(fc.value()) : fc.value();
                b.append("<li><a href=\"").append(esc(link(request, dim.getKey(), fc.value(), !on))).append('"')
                        .append(on ? " aria-current=\"true\" class=\"actif\"" : "").append('>')
                        .append(on ? "✓ " : "").append(esc(label)).append("</a> <span class=\"nombre\">")
                        .append(fc.count()).append("</span></li>");
            }
            b.append("</ul></section>");
        }
        b.append("</aside><section class=\"resultats\" aria-live=\"polite\"><h2>").append(result.total())
                .append(result.total() == 1 ? " fiche" : " fiches");
        if (territory != null) {
            b.append(" sur ").append(esc(territory.name()));
        }
        b.append("</h2>");
        if (result.total() == 0) {
            b.append("<p>Aucune fiche ne correspond. Essayez moins de mots ou retirez un filtre.</p>");
        }
        b.append("<ol class=\"fiches\" start=\"").append((page - 1) * PAGE_SIZE + 1).append("\">");
        for (CatalogRecord r : result.records()) {
            b.append("<li><h3><a href=\"/catalog/record?id=").append(esc(url(r.identifier()))).append("\">")
                    .append(esc(r.title() == null || r.title().isBlank() ? "(sans titre)" : r.title())).append("</a></h3>")
                    .append("<p class=\"meta\">").append(esc(TYPES.getOrDefault(r.resourceType(), r.resourceType())));
            if (r.organisation() != null) {
                b.append(" · ").append(esc(r.organisation()));
            }
            if (r.resourceDate() != null) {
                b.append(" · ").append(esc(r.resourceDate().length() > 10 ? r.resourceDate().substring(0, 10) : r.resourceDate()));
            }
            b.append("</p>");
            if (r.abstractText() != null) {
                String a = r.abstractText();
                b.append("<p>").append(esc(a.length() > 280 ? a.substring(0, 277) + "…" : a)).append("</p>");
            }
            b.append("</li>");
        }
        b.append("</ol>");
        long pages = (result.total() + PAGE_SIZE - 1) / PAGE_SIZE;
        if (pages > 1) {
            b.append("<nav class=\"pages\" aria-label=\"Pages de résultats\">");
            if (page > 1) {
                b.append("<a rel=\"prev\" href=\"").append(esc(pageLink(request, page - 1))).append("\">← Précédente</a> ");
            }
            b.append("<span>Page ").append(page).append(" sur ").append(pages).append("</span>");
            if (page < pages) {
                b.append(" <a rel=\"next\" href=\"").append(esc(pageLink(request, page + 1))).append("\">Suivante →</a>");
            }
            b.append("</nav>");
        }
        b.append("</section></div>");
        b.append("<p class=\"services\">Pour les logiciels : <a href=\"/catalog/csw?service=CSW&amp;request=GetCapabilities\">CSW 2.0.2</a>")
                .append(" · <a href=\"/catalog/api/records\">API JSON</a></p></main>");
        foot(b);
        send(response, b);
    }

    /**
     * The harvest sources, each with its run under way (progress) or its last report; the page reloads itself
     * every few seconds while a run goes on. Sources are added and started through the API.
     */
    private void harvestPage(HttpServletResponse response) throws IOException, SQLException {
        List<HarvestSource> sources = harvests.sources();
        boolean anyRunning = sources.stream().anyMatch(s -> harvests.progress(s.id()).isPresent());
        StringBuilder b = new StringBuilder(4096);
        head(b, "Moissonnage – Catalogue");
        if (anyRunning) {
            // Reload while a run goes on: the progress shows without scripts.
            b.insert(b.indexOf("<title>"), "<meta http-equiv=\"refresh\" content=\"5\">");
        }
        b.append("<main id=\"contenu\" tabindex=\"-1\"><p class=\"fil\"><a href=\"/catalog\">Catalogue</a> › moissonnage</p>")
                .append("<h1>Moissonnage</h1><p>Les fiches d'autres catalogues (CSW 2.0.2, OGC API – Records, DCAT-AP) copiées ici,")
                .append(" source par source. Une fiche inchangée n'est pas réécrite ; une fiche retirée de sa source est retirée d'ici")
                .append(" après un moissonnage complet. Les éditeurs ajoutent et lancent les sources par l'API :")
                .append(" <code>POST /catalog/api/harvest/sources</code>, <code>POST /catalog/api/harvest/sources/{id}/run</code>.</p>");
        if (sources.isEmpty()) {
            b.append("<p>Aucune source de moissonnage.</p>");
        }
        for (HarvestSource s : sources) {
            b.append("<section><h2>").append(esc(s.name())).append("</h2><dl class=\"infos\">");
            dt(b, "Protocole", esc(switch (s.protocol()) {
                case "csw" -> "CSW 2.0.2";
                case "ogcapi" -> "OGC API – Records";
                default -> "DCAT-AP (RDF/XML, pages Hydra)";
            }));
            dt(b, "Adresse", "<code>" + esc(s.url()) + "</code>");
            dt(b, "Fréquence", s.intervalMinutes() == 0 ? "à la demande" : "toutes les " + s.intervalMinutes() + " minutes");
            dt(b, "Fiches venues de cette source", "<a href=\"/catalog/api/harvest/sources/" + esc(url(s.id())) + "\">"
                    + catalog.harvestedCount(s.id()) + "</a>");
            b.append("</dl>");
            Optional<HarvestReport> running = harvests.progress(s.id());
            if (running.isPresent()) {
                HarvestReport r = running.get();
                if ("queued".equals(r.getStatus())) {
                    b.append("<p role=\"status\"><strong>Moissonnage en attente</strong> : un autre moissonnage doit finir avant.</p>");
                    b.append("</section>");
                    continue;
                }
                b.append("<p role=\"status\"><strong>Moissonnage en cours</strong> : ").append(r.getSeen()).append(" fiches lues");
                if (r.getMatched() >= 0) {
                    b.append(" sur ").append(r.getMatched()).append(" <progress max=\"").append(Math.max(1, r.getMatched()))
                            .append("\" value=\"").append(Math.min(r.getSeen(), Math.max(1, r.getMatched()))).append("\"></progress>");
                }
                b.append(" (page ").append(r.getPages() + 1).append(").</p>");
                report(b, r);
            } else {
                List<HarvestReport> runs = harvests.runs(s.id(), 1);
                if (runs.isEmpty()) {
                    b.append("<p>Jamais moissonnée.</p>");
                } else {
                    HarvestReport r = runs.get(0);
                    b.append("<p>Dernier moissonnage : <strong>").append("succeeded".equals(r.getStatus()) ? "réussi" : "failed".equals(r.getStatus())
                            ? "échoué" : "interrompu").append("</strong>, commencé le ").append(esc(when(r.getStartedAt())))
                            .append(r.getFinishedAt() == null ? "" : ", fini le " + esc(when(r.getFinishedAt()))).append(".</p>");
                    if (r.getError() != null) {
                        b.append("<p class=\"alerte\">").append(esc(r.getError())).append("</p>");
                    }
                    report(b, r);
                }
            }
            b.append("</section>");
        }
        b.append("</main>");
        foot(b);
        send(response, b);
    }

    /** An instant of a report as French readers write it, in UTC (the server's clock zone is not the reader's). */
    private static String when(String instant) {
        try {
            return java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm:ss 'UTC'")
                    .format(java.time.Instant.parse(instant).atZone(java.time.ZoneOffset.UTC));
        } catch (RuntimeException e) {
            return instant;
        }
    }

    private static void report(StringBuilder b, HarvestReport r) {
        b.append("<ul class=\"rapport\"><li>").append(r.getAdded()).append(" ajoutées</li><li>").append(r.getUpdated())
                .append(" mises à jour</li><li>").append(r.getUnchanged()).append(" inchangées</li><li>").append(r.getRemoved())
                .append(" retirées</li><li>").append(r.getRefused()).append(" refusées</li></ul>");
        List<HarvestReport.Refusal> refusals = r.getRefusals();
        if (!refusals.isEmpty()) {
            b.append("<details><summary>Fiches refusées et pourquoi</summary><ul>");
            for (HarvestReport.Refusal f : refusals.subList(0, Math.min(50, refusals.size()))) {
                b.append("<li><code>").append(esc(f.record())).append("</code> : ").append(esc(f.reason())).append("</li>");
            }
            b.append("</ul></details>");
        }
    }

    private void importPage(HttpServletResponse response) throws IOException {
        StringBuilder b = new StringBuilder(4096);
        head(b, "Importer des fiches – Catalogue");
        b.append("<main id=\"contenu\" tabindex=\"-1\"><p class=\"fil\"><a href=\"/catalog\">Catalogue</a> › importer</p>")
                .append("<h1>Importer des fiches</h1><p>Une fiche ISO 19139, ISO 19115-3 ou DCAT-AP (RDF/XML), ou un zip de fiches")
                .append(" (au plus ").append(catalog.configuration().maxUploadMiB()).append(" Mio). Une fiche qui porte l'identifiant")
                .append(" d'une fiche existante la remplace. Chaque fichier est importé entièrement ou refusé avec sa raison.</p>")
                .append("<noscript><p class=\"alerte\">L'import depuis cette page a besoin de JavaScript ; sans lui, utilisez")
                .append(" l'API : <code>POST /catalog/api/records</code>.</p></noscript>")
                .append("<p id=\"import-status\" role=\"status\" aria-live=\"polite\"></p>")
                .append("<p><a id=\"import-login\" href=\"/login?next=%2Fcatalog%2Fimport\" hidden>Se connecter</a></p>")
                .append("<form id=\"import-form\" class=\"recherche\" hidden><label for=\"fichier\">Fichier (.xml, .rdf ou .zip)</label>")
                .append("<input id=\"fichier\" name=\"fichier\" type=\"file\" accept=\".xml,.rdf,.zip,application/xml,application/zip\" required>")
                .append("<button type=\"submit\">Importer</button></form><div id=\"import-result\" class=\"rapport\"></div>")
                .append("<script src=\"/catalog/static/import.js\"></script></main>");
        foot(b);
        send(response, b);
    }

    private static Optional<Territory> territory(TerritoryService service, String key) {
        int colon = key.indexOf(':');
        if (colon > 0) {
            try {
                TerritoryLevel level = TerritoryLevel.valueOf(key.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
                return service.get(level, key.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        List<Territory> found = service.search(key, Optional.empty(), 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The current search with one facet value added or removed (back to page 1). */
    private static String link(HttpServletRequest request, String dim, String value, boolean add) {
        StringBuilder b = new StringBuilder("/catalog?");
        request.getParameterMap().forEach((k, values) -> {
            if (k.equals("page")) {
                return;
            }
            for (String v : values) {
                if (k.equals(dim) && v.equals(value)) {
                    continue;
                }
                b.append(url(k)).append('=').append(url(v)).append('&');
            }
        });
        if (add) {
            b.append(url(dim)).append('=').append(url(value)).append('&');
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private static String pageLink(HttpServletRequest request, int page) {
        StringBuilder b = new StringBuilder("/catalog?");
        request.getParameterMap().forEach((k, values) -> {
            if (!k.equals("page")) {
                for (String v : values) {
                    b.append(url(k)).append('=').append(url(v)).append('&');
                }
            }
        });
        return b.append("page=").append(page).toString();
    }

    private void record(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        String id = request.getParameter("id");
        Optional<StoredRecord> stored = id == null ? Optional.empty() : catalog.find(id);
        StringBuilder b = new StringBuilder(16_000);
        if (stored.isEmpty()) {
            response.setStatus(404);
            head(b, "Fiche introuvable – Catalogue");
            b.append("<main id=\"contenu\"><h1>Fiche introuvable</h1><p>Aucune fiche n'a l'identifiant « ")
                    .append(esc(id)).append(" ». <a href=\"/catalog\">Retour au catalogue</a></p></main>");
            foot(b);
            send(response, b);
            return;
        }
        CatalogRecord r = stored.get().record();
        String title = r.title() == null || r.title().isBlank() ? "(sans titre)" : r.title();
        head(b, title + " – Catalogue");
        b.append("<main id=\"contenu\" tabindex=\"-1\"><p class=\"fil\"><a href=\"/catalog\">Catalogue</a> › fiche</p>")
                .append("<h1>").append(esc(title)).append("</h1><p class=\"meta\">")
                .append(esc(TYPES.getOrDefault(r.resourceType(), r.resourceType())));
        if (r.organisation() != null) {
            b.append(" · ").append(esc(r.organisation()));
        }
        b.append("</p>");
        if (r.abstractText() != null) {
            b.append("<section><h2>Résumé</h2>");
            for (String para : r.abstractText().split("\\n\\s*\\n")) {
                b.append("<p>").append(esc(para.strip())).append("</p>");
            }
            b.append("</section>");
        }
        b.append("<section><h2>Informations</h2><dl class=\"infos\">");
        dt(b, "Identifiant", "<code>" + esc(r.identifier()) + "</code>");
        if (stored.get().harvestSource() != null) {
            Optional<HarvestSource> from = harvests.source(stored.get().harvestSource());
            dt(b, "Provenance", "moissonnée depuis " + (from.isPresent()
                    ? "<a href=\"/catalog/harvest\">" + esc(from.get().name()) + "</a> (<code>" + esc(from.get().url()) + "</code>)"
                    : "une source de moissonnage"));
        }
        dt(b, "Norme de la fiche", esc(switch (r.standard()) {
            case "iso19139" -> "ISO 19139";
            case "iso19115-3" -> "ISO 19115-3";
            case "dcat" -> "DCAT-AP (RDF/XML)";
            default -> "Dublin Core (CSW)";
        }));
        if (r.language() != null) {
            dt(b, "Langue", esc(r.language()));
        }
        for (CatalogRecord.DateEntry d : r.dates()) {
            dt(b, "Date" + (d.type() == null ? "" : " (" + esc(switch (d.type()) {
                case "creation" -> "création";
                case "publication" -> "publication";
                case "revision" -> "révision";
                default -> d.type();
            }) + ")"), esc(d.date()));
        }
        if (r.dateStamp() != null) {
            dt(b, "Fiche mise à jour", esc(r.dateStamp()));
        }
        if (r.licence() != null) {
            dt(b, "Licence", licence(r));
        }
        if (!r.keywords().isEmpty()) {
            StringBuilder k = new StringBuilder("<ul class=\"mots\">");
            for (String kw : r.keywords()) {
                k.append("<li><a href=\"/catalog?keyword=").append(esc(url(kw))).append("\">").append(esc(kw)).append("</a></li>");
            }
            dt(b, "Mots-clés", k.append("</ul>").toString());
        }
        if (r.bbox() != null) {
            CatalogRecord.BoundingBox x = r.bbox();
            dt(b, "Emprise (WGS 84)", "ouest " + x.west() + ", sud " + x.south() + ", est " + x.east() + ", nord " + x.north());
        }
        b.append("</dl></section>");
        mapPreviewSection(b, r);
        if (!r.constraints().isEmpty()) {
            b.append("<section><h2>Conditions d'accès et d'utilisation</h2><ul>");
            for (String c : r.constraints()) {
                b.append("<li>").append(esc(c)).append("</li>");
            }
            b.append("</ul></section>");
        }
        if (!r.distributions().isEmpty()) {
            b.append("<section><h2>Accès aux données et services</h2><ul class=\"liens\">");
            for (CatalogRecord.Distribution d : r.distributions()) {
                String label = d.name() != null ? d.name() : d.description() != null ? d.description() : d.url();
                b.append("<li>");
                if (Html.safeLink(d.url())) {
                    b.append("<a href=\"").append(esc(d.url())).append("\" rel=\"noopener nofollow\">").append(esc(label)).append("</a>");
                } else {
                    b.append(esc(label)).append(" <code>").append(esc(d.url())).append("</code>");
                }
                if (d.protocol() != null || d.format() != null) {
                    b.append(" <span class=\"nombre\">").append(esc(d.protocol() != null ? d.protocol() : d.format())).append("</span>");
                }
                b.append("</li>");
            }
            b.append("</ul></section>");
        }
        if (!r.contacts().isEmpty()) {
            b.append("<section><h2>Contacts</h2><ul>");
            for (CatalogRecord.Contact c : r.contacts()) {
                b.append("<li>").append(esc(String.join(" – ", nonNull(c.name(), c.organisation()))));
                if (c.role() != null) {
                    b.append(" <span class=\"nombre\">").append(esc(c.role())).append("</span>");
                }
                if (c.email() != null) {
                    b.append(" · ").append(esc(c.email()));
                }
                b.append("</li>");
            }
            b.append("</ul></section>");
        }
        if (r.lineage() != null) {
            b.append("<section><h2>Généalogie</h2><p>").append(esc(r.lineage())).append("</p></section>");
        }
        fr.datagrandest.plugin.catalog.core.record.QualityReport quality = fr.datagrandest.plugin.catalog.core.record.QualityReport.of(r);
        b.append("<section><h2>Qualité de la fiche</h2><p>").append(quality.score())
                .append(" % des éléments demandés par INSPIRE et DCAT-AP sont renseignés.</p>");
        if (quality.checks().stream().anyMatch(c -> !c.present())) {
            b.append("<ul>");
            for (var c : quality.checks()) {
                if (!c.present()) {
                    b.append("<li>Manque : <strong>").append(esc(c.element())).append("</strong> (").append(esc(c.requiredBy()))
                            .append(") – ").append(esc(c.advice())).append("</li>");
                }
            }
            b.append("</ul>");
        }
        b.append("</section>");
        b.append("<section><h2>La fiche complète</h2><ul><li><a href=\"/catalog/api/record/original?id=").append(esc(url(r.identifier())))
                .append("\">Document d'origine (").append(esc(stored.get().originalName())).append(")</a></li>")
                .append("<li><a href=\"/catalog/csw?service=CSW&amp;version=2.0.2&amp;request=GetRecordById&amp;elementSetName=full&amp;outputSchema=http://www.isotc211.org/2005/gmd&amp;id=")
                .append(esc(url(r.identifier()))).append("\">ISO 19139 par CSW</a></li>")
                .append("<li><a href=\"/catalog/api/record?id=").append(esc(url(r.identifier()))).append("\">JSON</a></li></ul></section></main>");
        foot(b);
        send(response, b);
    }

    /**
     * The licence as the producer wrote it, preceded by a link to its explanation when the legal plugin's guide
     * recognises it.
     */
    private String licence(CatalogRecord r) {
        String text = esc(r.licence());
        LicenceGuide guide = licenceGuide;
        if (guide == null) {
            return text;
        }
        Optional<LicenceRef> known;
        try {
            known = guide.recognise(r.licence());
        } catch (RuntimeException e) {
            // Another plugin's failure must not cost the user the record page.
            LOG.warn("Licence guide failed on record {}: {}", r.identifier(), e.toString());
            return text;
        }
        if (known == null || known.isEmpty()) {
            return text;
        }
        LicenceRef ref = known.get();
        if (ref.pagePath().startsWith("//")) {
            LOG.warn("Licence page path refused for record {}: {}", r.identifier(), ref.pagePath());
            return text;
        }
        String link = "<a class=\"licence\" href=\"" + esc(ref.pagePath()) + "\">" + esc(ref.title()) + "</a>";
        // The producer's own wording stays visible when it says more than the title (a URL, a version, conditions).
        return r.licence().strip().equalsIgnoreCase(ref.title()) ? link
                : link + " <span class=\"nombre\">" + text + "</span>";
    }

    /** A map of the record's extent, when the record has a usable one and a map plugin offers previews. */
    private void mapPreviewSection(StringBuilder b, CatalogRecord r) {
        MapPreview preview = mapPreview;
        CatalogRecord.BoundingBox x = r.bbox();
        if (preview == null || x == null || !x.valid()) {
            return;
        }
        String path;
        try {
            path = preview.previewPath(x.west(), x.south(), x.east(), x.north());
        } catch (RuntimeException e) {
            // Another plugin's failure must not cost the user the record page.
            LOG.warn("No map preview for record {}: {}", r.identifier(), e.toString());
            return;
        }
        // Only a path of this site: the page's policy allows frames from 'self' alone.
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            LOG.warn("Map preview path refused for record {}: {}", r.identifier(), path);
            return;
        }
        b.append("<section><h2>Aperçu cartographique</h2><iframe class=\"apercu-carte\" title=\"Aperçu cartographique de l'emprise de la fiche\" src=\"")
                .append(esc(path)).append("\" loading=\"lazy\"></iframe></section>");
    }

    private static List<String> nonNull(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static void dt(StringBuilder b, String term, String html) {
        b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/catalog/static/catalog.css\"></head><body>")
                .append("<a class=\"evitement\" href=\"#contenu\">Aller au contenu</a>")
                .append("<header class=\"bandeau\"><a class=\"marque\" href=\"/\">DataGrandEst</a>")
                .append("<nav aria-label=\"Catalogue\"><a href=\"/catalog\">Catalogue</a> <a href=\"/catalog/import\">Importer</a>")
                .append(" <a href=\"/catalog/harvest\">Moissonnage</a></nav></header>");
    }

    private static void foot(StringBuilder b) {
        b.append("<footer class=\"pied\"><p>Catalogue DataGrandEst · les fiches appartiennent à leurs producteurs.</p></footer></body></html>");
    }

    private static void send(HttpServletResponse response, StringBuilder b) throws IOException {
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'");
        response.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
