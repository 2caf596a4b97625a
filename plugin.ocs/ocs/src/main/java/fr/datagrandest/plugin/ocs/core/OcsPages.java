package fr.datagrandest.plugin.ocs.core;

import static fr.datagrandest.plugin.ocs.core.Svg.esc;
import static fr.datagrandest.plugin.ocs.core.Svg.ha;
import static fr.datagrandest.plugin.ocs.core.Svg.pct;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The OCS GE web pages (French): {@code /ocs} lists the imported vintages and the imports in progress,
 * {@code /ocs/territoire/{niveau}/{code}} shows a territory's indicators with charts and a choropleth map,
 * {@code /ocs/dessin} lets a user draw or paste an area and shows its indicators, {@code /ocs/anomalies} lets a
 * partner select polygons and report anomalies in bulk, and lists the reports for the team. Maps and charts are drawn on the
 * server; only deleting a vintage and the drawing page need a (local, library-free) script.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/ocs",
        "osgi.http.whiteboard.servlet.pattern=/ocs/territoire/*",
        "osgi.http.whiteboard.servlet.pattern=/ocs/dessin",
        "osgi.http.whiteboard.servlet.pattern=/ocs/anomalies",
        "osgi.http.whiteboard.servlet.pattern=/ocs/static/*",
        "osgi.http.whiteboard.servlet.name=dge-ocs-pages"})
public class OcsPages extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OcsPages.class);
    private static final Map<String, String> LEVEL_NAMES = Map.of("commune", "Commune", "epci", "EPCI",
            "departement", "Département", "region", "Région");

    private final transient OcsService ocs;

    @Activate
    public OcsPages(@Reference OcsService ocs) {
        this.ocs = ocs;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        try {
            if (path.equals("/ocs/static/ocs.css")) {
                resp.setContentType("text/css; charset=UTF-8");
                resp.setHeader("Cache-Control", "max-age=3600");
                try (InputStream in = OcsPages.class.getResourceAsStream("web/ocs.css")) {
                    in.transferTo(resp.getOutputStream());
                }
                return;
            }
            if (path.equals("/ocs/static/ocs-admin.js") || path.equals("/ocs/static/ocs-dessin.js")
                    || path.equals("/ocs/static/ocs-anomalies.js")) {
                resp.setContentType("text/javascript; charset=UTF-8");
                resp.setHeader("Cache-Control", "max-age=3600");
                try (InputStream in = OcsPages.class.getResourceAsStream("web/" + path.substring(12))) {
                    in.transferTo(resp.getOutputStream());
                }
                return;
            }
            if (path.equals("/ocs/anomalies")) {
                html(resp, 200, "Signaler des anomalies", anomalies(req.getParameter("niveau"), req.getParameter("code"),
                        integer(req, "annee"), isEditor(req)));
                return;
            }
            if (path.equals("/ocs/dessin")) {
                html(resp, 200, "Indicateurs d'une zone dessinée", drawing(req.getParameter("niveau"),
                        req.getParameter("code")));
                return;
            }
            if (path.equals("/ocs") || path.equals("/ocs/")) {
                html(resp, 200, "Occupation du sol (OCS GE)", home(isAdmin(req)));
                return;
            }
            String[] parts = path.split("/");
            if (parts.length == 5 && parts[2].equals("territoire")) {
                html(resp, 200, "Occupation du sol", territory(parts[3], parts[4], integer(req, "from"),
                        integer(req, "to")));
                return;
            }
            html(resp, 404, "Page introuvable", "<h1>Page introuvable</h1><p><a href=\"/ocs\">Retour à l'accueil OCS GE</a></p>");
        } catch (OcsInputException e) {
            html(resp, e.status(), "Occupation du sol", "<h1>Occupation du sol</h1><p class=\"error\">"
                    + esc(french(e)) + "</p><p><a href=\"/ocs\">Retour à l'accueil OCS GE</a></p>");
        } catch (RuntimeException e) {
            LOG.error("OCS page {} failed", path, e);
            html(resp, 500, "Erreur", "<h1>Erreur</h1><p>La page n'a pas pu être construite.</p>");
        }
    }

    /** Whether the page offers administrative actions: platform administrators, or anyone without security. */
    private static boolean isAdmin(HttpServletRequest req) {
        Object identity = req.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        return !(identity instanceof UserIdentity user) || user.hasRole(Roles.PLATFORM_ADMIN);
    }

    /** Whether the page offers the anomaly workflow: editors and administrators, or anyone without security. */
    private static boolean isEditor(HttpServletRequest req) {
        Object identity = req.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        return !(identity instanceof UserIdentity user) || user.hasRole(Roles.EDITOR) || user.hasRole(Roles.PLATFORM_ADMIN);
    }

    private static String french(OcsInputException e) {
        return e.status() == 404 ? "Aucune donnée : " + e.getMessage() : e.getMessage();
    }

    private static Integer integer(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new OcsInputException(400, "le paramètre " + name + " doit être une année");
        }
    }

    private static void html(HttpServletResponse resp, int status, String title, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html; charset=UTF-8");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:");
        resp.getWriter().write("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title)
                + " – DataGrandEst</title><link rel=\"stylesheet\" href=\"/ocs/static/ocs.css\"></head><body>"
                + "<header><a href=\"/\">DataGrandEst</a> › <a href=\"/ocs\">Occupation du sol</a></header><main>"
                + body + "</main><footer>Nomenclature OCS GE v2 de l'IGN (Licence Ouverte 2.0) ; règle d'artificialisation"
                + " du décret n° 2023-1096. <a href=\"/ocs/api/nomenclatures\">Nomenclatures et matrice (JSON)</a></footer>"
                + "</body></html>");
    }

    private String home(boolean admin) {
        StringBuilder b = new StringBuilder("<h1>Occupation du sol (OCS GE)</h1><p>Surfaces par classe de couverture et"
                + " d'usage, artificialisation (décret n° 2023-1096), consommation d'espaces naturels, agricoles et"
                + " forestiers (ENAF) et trajectoire ZAN, par commune, EPCI, département et région.</p>");
        b.append("<form action=\"/ocs/territoire\" method=\"get\" class=\"search\" id=\"recherche\">"
                + "<p>Consulter un territoire : <a href=\"/ocs/territoire/region/44\">région Grand Est</a> ou par"
                + " code dans l'adresse <code>/ocs/territoire/commune/68224</code>, ou depuis la page d'un territoire"
                + " du portail (<a href=\"/territoires\">Entrer par territoire</a>). <a href=\"/ocs/dessin\">Dessiner une zone</a>"
                + " sur la carte pour en obtenir les indicateurs, ou <a href=\"/ocs/anomalies\">signaler des anomalies</a>.</p></form>");
        List<Map<String, Object>> vintages = ocs.vintages();
        b.append("<h2>Millésimes importés</h2>");
        if (vintages.isEmpty()) {
            b.append("<p>Aucun millésime importé pour l'instant.</p>");
        } else {
            b.append("<table><caption>Millésimes OCS GE par département</caption><thead><tr><th scope=\"col\">Département</th>"
                    + "<th scope=\"col\">Millésime</th><th scope=\"col\">Polygones</th><th scope=\"col\">Surface</th>"
                    + "<th scope=\"col\">Matrice</th><th scope=\"col\">Nature</th>"
                    + (admin ? "<th scope=\"col\">Administration</th>" : "") + "</tr></thead><tbody>");
            for (Map<String, Object> v : vintages) {
                String dep = (String) v.get("departement");
                String name = ocs.territories().get(TerritoryLevel.DEPARTEMENT, dep).map(Territory::name).orElse(dep);
                b.append("<tr><td><a href=\"/ocs/territoire/departement/").append(esc(dep)).append("\">")
                        .append(esc(name)).append(" (").append(esc(dep)).append(")</a></td><td>")
                        .append(v.get("millesime")).append("</td><td>")
                        .append(String.format(Locale.FRANCE, "%,d", (Integer) v.get("polygons")).replace('\u202f', ' '))
                        .append("</td><td>").append(ha((Double) v.get("area"))).append("</td><td>")
                        .append(esc(v.get("matrix"))).append("</td><td>")
                        .append((Boolean) v.get("synthetic") ? "<strong>synthétique</strong>" : "IGN").append("</td>");
                if (admin) {
                    // the API needs the session's CSRF token in a header: a small script sends it, after confirm()
                    b.append("<td><button type=\"button\" class=\"delete-vintage\" data-departement=\"")
                            .append(esc(dep)).append("\" data-millesime=\"").append(v.get("millesime"))
                            .append("\">Supprimer le millésime</button></td>");
                }
                b.append("</tr>");
            }
            b.append("</tbody></table>");
            if (admin) {
                b.append("<p class=\"note\">Supprimer un millésime retire ses polygones, ses surfaces et ses flux ;"
                        + " les flux entre les millésimes restants sont recalculés. Il peut ensuite être importé à"
                        + " nouveau. <span id=\"delete-status\" role=\"status\"></span></p>"
                        + "<script src=\"/ocs/static/ocs-admin.js\" defer></script>");
            }
        }
        List<Map<String, Object>> imports = ocs.imports();
        if (!imports.isEmpty()) {
            b.append("<h2>Imports</h2><table><caption>Derniers imports (les plus récents d'abord)</caption><thead><tr>"
                    + "<th scope=\"col\">N°</th><th scope=\"col\">Département</th><th scope=\"col\">Millésime</th>"
                    + "<th scope=\"col\">État</th><th scope=\"col\">Avancement</th><th scope=\"col\">Message</th></tr>"
                    + "</thead><tbody>");
            for (Map<String, Object> j : imports.subList(0, Math.min(20, imports.size()))) {
                double progress = (Double) j.get("progress");
                b.append("<tr><td><a href=\"/ocs/api/imports/").append(j.get("id")).append("\">").append(j.get("id"))
                        .append("</a></td><td>").append(esc(j.get("departement"))).append("</td><td>")
                        .append(esc(j.get("millesime"))).append("</td><td>").append(esc(status((String) j.get("status"))))
                        .append("</td><td><progress max=\"100\" value=\"").append((int) (progress * 100)).append("\">")
                        .append((int) (progress * 100)).append(" %</progress> ").append((int) (progress * 100))
                        .append(" %</td><td>").append(esc(j.get("message"))).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h2>API</h2><ul><li><code>GET /ocs/api/territories/{commune|epci|departement|region}/{code}/indicators?from=&amp;to=</code>"
                + " (JSON, ou CSV avec <code>?format=csv</code>)</li><li><code>POST /ocs/api/imports?departement=NN</code>"
                + " (un GeoPackage OCS GE en corps de requête)</li><li><code>GET /ocs/api/imports</code>,"
                + " <code>GET /ocs/api/nomenclatures</code>, <code>GET /ocs/api/vintages</code></li><li><code>POST /ocs/api/indicators</code>"
                + " (un polygone GeoJSON : indicateurs d'une zone, aussi depuis la page <a href=\"/ocs/dessin\">Dessiner une"
                + " zone</a>)</li></ul>");
        return b.toString();
    }

    /**
     * The drawing page: the communes of a territory (by default the département of the first imported vintage)
     * as a background; the script turns clicks into a Lambert-93 polygon, or reads pasted or uploaded GeoJSON,
     * sends it to {@code POST /ocs/api/indicators} and shows the answer or the refusal in French.
     */
    private String drawing(String level, String code) {
        Territory t;
        if (level != null && code != null && !level.isBlank() && !code.isBlank()) {
            t = ocs.territory(level, code);
        } else {
            String dep = ocs.vintages().stream().map(v -> (String) v.get("departement")).findFirst().orElse("68");
            t = ocs.territory("departement", dep);
        }
        if (t.level() == TerritoryLevel.REGION) {
            // 5,115 communes are too many to draw on precisely: the user picks a département first
            throw new OcsInputException(400, "choisissez un département, un EPCI ou une commune pour dessiner"
                    + " (la région est trop vaste pour une zone dessinée)");
        }
        List<Territory> communes = t.level() == TerritoryLevel.COMMUNE ? List.of(t)
                : ocs.territories().children(t, TerritoryLevel.COMMUNE);
        Map<String, Geometry> outlines = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Territory c : communes) {
            Geometry g = ocs.communeOutlines(c.code().substring(0, 2)).get(c.code());
            if (g != null) {
                outlines.put(c.code(), g);
                names.put(c.code(), c.name());
            }
        }
        if (outlines.isEmpty()) {
            throw new OcsInputException(404, "pas de contour communal pour " + t.name());
        }
        String lvl = t.level().name().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder("<h1>Indicateurs d'une zone dessinée</h1><p>Dessinez une zone sur la carte"
                + " (un clic par sommet, puis « Calculer ») ou collez ou chargez un polygone GeoJSON : la page calcule"
                + " les surfaces par classe, la part artificialisée et les flux entre millésimes des polygones OCS GE"
                + " découpés par la zone. Zone de 1 000 km² au plus ; au-delà, consultez les indicateurs par"
                + " territoire.</p>");
        b.append("<p>Fond de carte : ").append(esc(LEVEL_NAMES.get(lvl).toLowerCase(Locale.FRENCH))).append(' ')
                .append(esc(t.name())).append(" (").append(esc(t.code())).append(", ").append(outlines.size())
                .append(outlines.size() > 1 ? " communes" : " commune").append(") · <a href=\"/ocs/territoire/")
                .append(lvl).append('/').append(esc(t.code())).append("\">indicateurs du territoire</a>");
        for (Territory p : ocs.territories().parents(t)) {
            if (p.level() != TerritoryLevel.REGION) {
                b.append(" · <a href=\"/ocs/dessin?niveau=").append(p.level().name().toLowerCase(Locale.ROOT))
                        .append("&amp;code=").append(esc(p.code())).append("\">dessiner sur ").append(esc(p.name()))
                        .append("</a>");
            }
        }
        b.append("</p><form class=\"departements\" action=\"/ocs/dessin\" method=\"get\"><input type=\"hidden\""
                + " name=\"niveau\" value=\"departement\"><label for=\"choix-departement\">Autre département :</label> "
                + "<select id=\"choix-departement\" name=\"code\">");
        List<Territory> departements = ocs.territories().get(TerritoryLevel.REGION, "44")
                .map(r -> ocs.territories().children(r, TerritoryLevel.DEPARTEMENT)).orElse(List.of());
        for (Territory d : departements) {
            b.append("<option value=\"").append(esc(d.code())).append('"')
                    .append(d.code().equals(t.code()) ? " selected" : "").append('>').append(esc(d.code())).append(" – ")
                    .append(esc(d.name())).append("</option>");
        }
        b.append("</select> <button type=\"submit\">Afficher</button></form>");
        b.append("<section id=\"dessin\"><h2>Dessiner la zone</h2>").append(Svg.drawingMap(outlines, names))
                .append("<p class=\"actions\"><button type=\"button\" id=\"calculer\" disabled>Calculer pour la zone"
                        + " dessinée</button> <button type=\"button\" id=\"annuler-sommet\" disabled>Retirer le dernier"
                        + " sommet</button> <button type=\"button\" id=\"effacer\" disabled>Effacer</button>"
                        + " <span id=\"sommets\" role=\"status\">Aucun sommet placé.</span></p></section>");
        b.append("<section id=\"geojson\"><h2>Ou coller un GeoJSON</h2><p class=\"note\">Un Polygon ou un"
                + " MultiPolygon (géométrie, Feature, ou FeatureCollection d'une seule Feature), en longitude/latitude"
                + " (WGS 84) ou en Lambert-93 avec un membre <code>\"crs\"</code> EPSG:2154. La zone dessinée sur la carte"
                + " s'y inscrit en Lambert-93, pour la réutiliser.</p><p><label for=\"texte-geojson\">GeoJSON :</label><br>"
                + "<textarea id=\"texte-geojson\" rows=\"6\" cols=\"90\" spellcheck=\"false\"></textarea></p><p>"
                + "<label for=\"fichier-geojson\">ou charger un fichier :</label> <input type=\"file\" id=\"fichier-geojson\""
                + " accept=\".geojson,.json,application/geo+json,application/json\"> <button type=\"button\""
                + " id=\"calculer-geojson\">Calculer pour ce GeoJSON</button></p></section>");
        b.append("<div id=\"erreur\" class=\"error\" role=\"alert\" hidden></div><section id=\"resultats\" hidden"
                + " aria-live=\"polite\"></section><script src=\"/ocs/static/ocs-dessin.js\" defer></script>");
        return b.toString();
    }

    /**
     * The anomaly page: the polygons of a commune or EPCI (fetched by the script from the polygons export and
     * drawn in SVG), selected by click or by a drawn area, a proposal sent to {@code POST /ocs/api/anomalies};
     * below, the reports for the team with their status and the exports for the producer.
     */
    private String anomalies(String level, String code, Integer year, boolean editor) {
        StringBuilder b = new StringBuilder("<h1>Signaler des anomalies de l'OCS GE</h1><p>Choisissez une commune ou un"
                + " EPCI, sélectionnez sur la carte les polygones mal classés (un clic par polygone, ou une zone"
                + " dessinée), proposez la bonne classe et expliquez pourquoi : un signalement est enregistré par"
                + " polygone, avec votre nom, la date et le millésime. L'équipe les examine (nouveau → pris en compte"
                + " → accepté ou rejeté → exporté) et les transmet au producteur.</p>");
        b.append("<form class=\"departements\" action=\"/ocs/anomalies\" method=\"get\"><label for=\"choix-niveau\">"
                + "Territoire :</label> <select id=\"choix-niveau\" name=\"niveau\"><option value=\"commune\"")
                .append("epci".equals(level) ? "" : " selected").append(">commune (code INSEE)</option><option value=\"epci\"")
                .append("epci".equals(level) ? " selected" : "").append(">EPCI (SIREN)</option></select> <input id=\"choix-code\""
                + " name=\"code\" size=\"10\" aria-label=\"Code du territoire\" value=\"").append(esc(code == null ? "" : code))
                .append("\"> <label for=\"choix-annee\">millésime :</label> <input id=\"choix-annee\" name=\"annee\""
                        + " size=\"5\" placeholder=\"le plus récent\" value=\"").append(year == null ? "" : year)
                .append("\"> <button type=\"submit\">Afficher</button></form>");
        if (code != null && !code.isBlank()) {
            String lvl = "epci".equals(level) ? "epci" : "commune";
            Territory t = ocs.territory(lvl, code.trim());
            Nomenclatures.Version version = ocs.nomenclatures().nomenclatureOf(ocs.nomenclatures().defaultMatrix());
            b.append("<section id=\"selection\"><h2>").append(esc(t.name())).append(" <small>(").append(esc(t.code()))
                    .append(")</small></h2><p class=\"note\">Couleurs : classes de couverture de la nomenclature ")
                    .append(esc(version.id())).append(". <span id=\"etat-carte\" role=\"status\">Chargement des polygones…"
                            + "</span></p><div id=\"carte-anomalies\" data-polygones=\"/ocs/api/territories/")
                    .append(lvl).append('/').append(esc(t.code())).append("/polygons.geojson")
                    .append(year == null ? "" : "?year=" + year).append("\"></div>")
                    .append("<p class=\"actions\"><button type=\"button\" id=\"mode-zone\" aria-pressed=\"false\">Sélectionner"
                            + " par une zone</button> <button type=\"button\" id=\"appliquer-zone\" disabled>Sélectionner les"
                            + " polygones de la zone</button> <button type=\"button\" id=\"vider\">Vider la sélection</button>"
                            + " <span id=\"nombre-choisis\" role=\"status\">Aucun polygone sélectionné.</span></p>");
            b.append("<form id=\"signalement\"><fieldset><legend>Proposition pour les polygones sélectionnés</legend>"
                    + "<p><label for=\"cs-propose\">Couverture proposée :</label> <select id=\"cs-propose\" name=\"proposedCs\">"
                    + "<option value=\"\">(inchangée)</option>");
            version.covers().values().forEach(c -> b.append("<option value=\"").append(esc(c.code())).append("\" data-color=\"")
                    .append(esc(c.color())).append("\">").append(esc(c.code())).append(" – ").append(esc(c.label()))
                    .append("</option>"));
            b.append("</select></p><p><label for=\"us-propose\">Usage proposé :</label> <select id=\"us-propose\""
                    + " name=\"proposedUs\"><option value=\"\">(inchangé)</option>");
            version.uses().values().forEach(u -> b.append("<option value=\"").append(esc(u.code())).append("\">")
                    .append(esc(u.code())).append(" – ").append(esc(u.label())).append("</option>"));
            b.append("</select></p><p><label for=\"commentaire\">Commentaire :</label><br><textarea id=\"commentaire\""
                    + " name=\"comment\" rows=\"3\" cols=\"80\"></textarea></p><p><button type=\"submit\" id=\"envoyer\""
                    + " disabled>Signaler les polygones sélectionnés</button></p></fieldset></form>"
                    + "<div id=\"erreur\" class=\"error\" role=\"alert\" hidden></div>"
                    + "<p id=\"confirmation\" class=\"confirmation\" role=\"status\" hidden></p></section>");
        }
        b.append("<section id=\"envoi-liste\"><h2>Ou envoyer une liste</h2><p class=\"note\">Un GeoJSON (les"
                + " polygones exportés d'un SIG, avec <code>ID</code>, <code>MILLESIME</code> et"
                + " <code>CODE_CS_PROPOSE</code>, <code>CODE_US_PROPOSE</code> ou <code>commentaire</code> en propriétés)"
                + " ou un CSV avec ces colonnes. Toute la liste est refusée si une ligne est fausse, avec les lignes en"
                + " cause.</p><p><label for=\"fichier-liste\">Fichier :</label> <input type=\"file\" id=\"fichier-liste\""
                + " accept=\".geojson,.json,.csv,application/geo+json,application/json,text/csv\"> <button type=\"button\""
                + " id=\"envoyer-liste\">Envoyer la liste</button></p><div id=\"erreur-liste\" class=\"error\""
                + " role=\"alert\" hidden></div><p id=\"confirmation-liste\" class=\"confirmation\" role=\"status\""
                + " hidden></p></section>");
        b.append("<section id=\"liste\"><h2>Signalements</h2><p><label for=\"filtre-statut\">Statut :</label>"
                + " <select id=\"filtre-statut\"><option value=\"\">tous</option><option value=\"new\">nouveau</option>"
                + "<option value=\"acknowledged\">pris en compte</option><option value=\"accepted\">accepté</option>"
                + "<option value=\"rejected\">rejeté</option><option value=\"exported\">exporté</option></select>"
                + " Exporter pour le producteur : <a id=\"export-geojson\" href=\"/ocs/api/anomalies/export\">GeoJSON</a>"
                + " · <a id=\"export-csv\" href=\"/ocs/api/anomalies/export?format=csv\">CSV</a></p>"
                + "<table id=\"signalements\"" + (editor ? " data-gestion=\"oui\"" : "") + "><caption>Signalements (les plus récents d'abord)</caption><thead><tr>"
                + "<th scope=\"col\">N°</th><th scope=\"col\">Polygone</th><th scope=\"col\">Millésime</th>"
                + "<th scope=\"col\">Classes actuelles</th><th scope=\"col\">Proposées</th><th scope=\"col\">Commentaire</th>"
                + "<th scope=\"col\">Statut</th><th scope=\"col\">Par</th><th scope=\"col\">Le</th>")
                .append(editor ? "<th scope=\"col\">Suite à donner</th>" : "")
                .append("</tr></thead><tbody></tbody></table>")
                .append(editor ? "<p class=\"note\">Chaque étape garde qui l'a faite et quand (historique dans"
                        + " <code>GET /ocs/api/anomalies/{n°}</code>). <span id=\"etat-suivi\" role=\"status\"></span></p>" : "")
                .append("</section><script src=\"/ocs/static/ocs-anomalies.js\" defer></script>");
        return b.toString();
    }

    private static String status(String s) {
        return switch (s) {
            case "running" -> "en cours";
            case "done" -> "terminé";
            case "failed" -> "refusé";
            default -> s;
        };
    }

    @SuppressWarnings("unchecked")
    private String territory(String level, String code, Integer from, Integer to) {
        Territory t = ocs.territory(level, code);
        String lvl = t.level().name().toLowerCase(Locale.ROOT);
        Map<String, Object> r = ocs.indicators(lvl, code, from, to);
        List<Map<String, Object>> sources = (List<Map<String, Object>>) r.get("sources");
        int yearFrom = sources.stream().mapToInt(s -> (Integer) s.get("from")).min().orElse(0);
        int yearTo = sources.stream().mapToInt(s -> (Integer) s.get("to")).max().orElse(0);
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(LEVEL_NAMES.get(lvl))).append(" : ").append(esc(t.name())).append(" <small>(")
                .append(esc(code)).append(")</small></h1>");
        if ((Boolean) r.get("synthetic")) {
            b.append("<p class=\"warning\" role=\"note\"><strong>Données synthétiques.</strong> Ces chiffres de"
                    + " démonstration sont calculés sur une OCS GE fictive générée à partir des contours communaux ;"
                    + " ils ne décrivent pas l'occupation réelle du sol.</p>");
        }
        b.append("<p class=\"sources\">Millésimes : ");
        for (Map<String, Object> s : sources) {
            b.append(esc(s.get("departement"))).append(" : ").append(s.get("from")).append(" → ").append(s.get("to"))
                    .append(" ; ");
        }
        b.append("matrice <code>").append(esc(r.get("matrix"))).append("</code>, nomenclature <code>")
                .append(esc(r.get("nomenclature"))).append("</code>.");
        if ((Boolean) r.get("mixedVintages")) {
            b.append(" ").append(esc(r.get("vintageNote")));
        }
        b.append(" <a href=\"/ocs/api/territories/").append(lvl).append('/').append(esc(code))
                .append("/indicators.csv\">Exporter en CSV</a> · <a href=\"/ocs/api/territories/").append(lvl).append('/')
                .append(esc(code)).append("/indicators\">JSON</a>");
        if (t.level() == TerritoryLevel.COMMUNE || t.level() == TerritoryLevel.EPCI) {
            b.append(" · <a href=\"/ocs/api/territories/").append(lvl).append('/').append(esc(code))
                    .append("/polygons.geojson\">Polygones (GeoJSON)</a> · <a href=\"/ocs/anomalies?niveau=").append(lvl)
                    .append("&amp;code=").append(esc(code)).append("\">Signaler des anomalies</a> · <a href=\"/ocs/api/territories/")
                    .append(lvl).append('/').append(esc(code)).append("/rapport-triennal.odt\">Projet de rapport triennal"
                            + " d'artificialisation (ODT)</a>");
        }
        if (t.level() != TerritoryLevel.REGION) {
            b.append(" · <a href=\"/ocs/dessin?niveau=").append(lvl).append("&amp;code=").append(esc(code))
                    .append("\">Dessiner une zone</a>");
        }
        b.append("</p>");
        parents(b, t);

        Map<String, Map<String, Object>> art = (Map<String, Map<String, Object>>) r.get("artificialised");
        Map<String, Map<String, Object>> imp = (Map<String, Map<String, Object>>) r.get("impervious");
        Map<String, Object> flows = (Map<String, Object>) r.get("flows");
        Map<String, Object> enaf = (Map<String, Object>) r.get("enaf");
        Map<String, Object> zan = (Map<String, Object>) r.get("zan");
        b.append("<section><h2>Chiffres clés</h2><dl class=\"figures\">")
                .append(figure("Surface couverte", ha((Double) r.get("area"))))
                .append(figure("Surface artificialisée " + yearTo, ha((Double) art.get("to").get("area")) + " ("
                        + pct((Double) art.get("to").get("share")) + ")"))
                .append(figure("Surface imperméabilisée " + yearTo, ha((Double) imp.get("to").get("area")) + " ("
                        + pct((Double) imp.get("to").get("share")) + ")"))
                .append(figure("Artificialisation nette " + yearFrom + "–" + yearTo, ha((Double) flows.get("net"))))
                .append(figure("Consommation d'ENAF " + yearFrom + "–" + yearTo, ha((Double) enaf.get("consumption"))
                        + " (" + ha((Double) enaf.get("annualRate")) + " par an)"))
                .append(figure("Enveloppe ZAN 2021–2031", ha((Double) zan.get("allowance2021to2031"))))
                .append("</dl></section>");

        b.append("<section><h2>Couverture du sol par classe</h2>")
                .append(Svg.stackedBars("Parts des classes de couverture", (List<Map<String, Object>>) r.get("cover"),
                        yearFrom, yearTo))
                .append(classTable("Surfaces par classe de couverture", (List<Map<String, Object>>) r.get("cover"),
                        yearFrom, yearTo))
                .append("</section><section><h2>Usage du sol par classe</h2>")
                .append(Svg.stackedBars("Parts des classes d'usage", (List<Map<String, Object>>) r.get("use"),
                        yearFrom, yearTo))
                .append(classTable("Surfaces par classe d'usage", (List<Map<String, Object>>) r.get("use"),
                        yearFrom, yearTo))
                .append("</section>");

        b.append("<section><h2>Flux entre millésimes (").append(yearFrom).append(" → ").append(yearTo).append(")</h2>")
                .append(Svg.flowBars((Double) flows.get("artificialisation"), (Double) flows.get("deArtificialisation"),
                        (Double) flows.get("net")))
                .append("<table><caption>Principaux changements de couverture</caption><thead><tr><th scope=\"col\">"
                        + "Changement</th><th scope=\"col\">Surface</th></tr></thead><tbody>");
        for (Map<String, Object> c : (List<Map<String, Object>>) flows.get("coverChanges")) {
            b.append("<tr><td>").append(esc(c.get("change"))).append("</td><td>").append(ha((Double) c.get("area")))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></section>");

        fichiersFonciers(b, (Map<String, Object>) enaf.get("fichiersFonciers"));

        Map<String, Object> referenceSources = (Map<String, Object>) zan.get("referenceSources");
        int ffCommunes = referenceSources == null ? 0 : ((Number) referenceSources.get("fichiersFonciers")).intValue();
        int estimated = referenceSources == null ? 0 : ((Number) referenceSources.get("ocsEstimate")).intValue();
        String referenceSource = ffCommunes == 0 ? "estimée par l'OCS GE"
                : estimated == 0 ? "fichiers fonciers du Cerema"
                : "fichiers fonciers du Cerema pour " + ffCommunes + " commune(s), estimée par l'OCS GE pour " + estimated;
        b.append("<section id=\"zan\"><h2>Trajectoire ZAN</h2>").append(Svg.trajectory(zan)).append("<p>Consommation"
                + " 2011–2021 (").append(esc(referenceSource)).append(") : ")
                .append(ha((Double) zan.get("reference2011to2021"))).append(" ; enveloppe 2021–2031 : ")
                .append(ha((Double) zan.get("allowance2021to2031"))).append(" ; consommée depuis 2021 : ")
                .append(ha((Double) zan.get("consumedSince2021"))).append(".</p><p class=\"note\">")
                .append(esc(zan.get("method"))).append("</p></section>");

        map(b, t, lvl, to);
        return b.toString();
    }

    /**
     * The Cerema yearly consumption by destination when imported for the territory's communes; otherwise a note
     * saying the ZAN reference is estimated from the OCS GE.
     */
    @SuppressWarnings("unchecked")
    private static void fichiersFonciers(StringBuilder b, Map<String, Object> ff) {
        b.append("<section id=\"fichiers-fonciers\"><h2>Consommation d'ENAF par année (fichiers fonciers du Cerema)</h2>");
        if (ff == null) {
            b.append("<p class=\"note\">Aucune donnée des fichiers fonciers du Cerema n'est importée pour les communes de"
                    + " ce territoire : la consommation de référence 2011–2021 et l'enveloppe ZAN sont estimées à partir des"
                    + " flux OCS GE (rythme annuel observé entre les millésimes).</p></section>");
            return;
        }
        List<Map<String, Object>> yearly = (List<Map<String, Object>>) ff.get("yearly");
        int without = ((Number) ff.get("communesWithout")).intValue();
        double total = 0;
        double reference = 0;
        for (Map<String, Object> y : yearly) {
            total += (Double) y.get("total");
            int year = ((Number) y.get("year")).intValue();
            if (year >= TerritoryIndicators.REFERENCE_START && year < TerritoryIndicators.REFERENCE_START + 10) {
                reference += (Double) y.get("total");
            }
        }
        b.append("<p class=\"sources\">Source : ").append(esc(ff.get("source"))).append(", ").append(ff.get("communes"))
                .append(" commune(s)").append(without > 0 ? " ; " + without + " commune(s) sans donnée, non comptée(s)"
                        + " ici (leur référence ZAN est estimée par l'OCS GE)" : "")
                .append(". Une année va du 1<sup>er</sup> janvier au 1<sup>er</sup> janvier suivant.</p>");
        b.append("<dl class=\"figures\">")
                .append(figure("Consommation " + yearly.get(0).get("year") + "–"
                        + (((Number) yearly.get(yearly.size() - 1).get("year")).intValue() + 1), ha(total)))
                .append(figure("Référence ZAN 2011–2021 (fichiers fonciers)", ha(reference)))
                .append(figure("Enveloppe correspondante (moitié)", ha(reference / 2)))
                .append("</dl>");
        b.append(Svg.yearlyConsumption(yearly));
        b.append("<details><summary>Tableau : consommation par année et par destination</summary><table id=\"tableau-cerema\">"
                + "<thead><tr><th scope=\"col\">Année</th>");
        for (String[] d : Svg.DESTINATIONS) {
            b.append("<th scope=\"col\">").append(d[1]).append("</th>");
        }
        b.append("<th scope=\"col\">Total</th></tr></thead><tbody>");
        for (Map<String, Object> y : yearly) {
            b.append("<tr><td>").append(y.get("year")).append("</td>");
            for (String[] d : Svg.DESTINATIONS) {
                b.append("<td>").append(ha((Double) y.getOrDefault(d[0], 0.0))).append("</td>");
            }
            b.append("<td>").append(ha((Double) y.get("total"))).append("</td></tr>");
        }
        b.append("</tbody></table></details></section>");
    }

    private void parents(StringBuilder b, Territory t) {
        List<Territory> parents = ocs.territories().parents(t);
        if (!parents.isEmpty()) {
            b.append("<p>Dans : ");
            for (Territory p : parents) {
                String l = p.level().name().toLowerCase(Locale.ROOT);
                b.append("<a href=\"/ocs/territoire/").append(l).append('/').append(esc(p.code())).append("\">")
                        .append(esc(p.name())).append("</a> ");
            }
            b.append("</p>");
        }
    }

    private void map(StringBuilder b, Territory t, String lvl, Integer to) {
        List<Territory> communes = t.level() == TerritoryLevel.COMMUNE ? List.of(t)
                : ocs.territories().children(t, TerritoryLevel.COMMUNE);
        Map<String, Geometry> outlines = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Territory c : communes) {
            // parsed once per département and kept: the région map draws 5,115 communes
            Geometry g = ocs.communeOutlines(c.code().substring(0, 2)).get(c.code());
            if (g != null) {
                outlines.put(c.code(), g);
            }
            names.put(c.code(), c.name());
        }
        Map<String, double[]> values = ocs.artificialisedByCommune(t, to);
        Map<String, Double> shares = new LinkedHashMap<>();
        values.forEach((k, v) -> shares.put(k, v[0] > 0 ? v[1] / v[0] : 0));
        double[] sorted = shares.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] bounds = new double[4];
        for (int i = 0; i < 4; i++) {
            bounds[i] = sorted.length == 0 ? (i + 1) * 0.05 : sorted[Math.min(sorted.length - 1, sorted.length * (i + 1) / 5)];
        }
        b.append("<section id=\"carte\"><h2>Carte : part artificialisée par commune</h2>")
                .append(Svg.choropleth(outlines, shares, names, bounds, "/ocs/territoire/commune/"))
                .append("<ul class=\"legend\">");
        double lower = 0;
        for (int i = 0; i < Svg.RAMP.length; i++) {
            double upper = i < 4 ? bounds[i] : 1;
            b.append("<li><span class=\"sw c").append(i).append("\"></span> ")
                    .append(pct(lower)).append(" – ").append(pct(upper)).append("</li>");
            lower = upper;
        }
        b.append("<li><span class=\"sw none\"></span> pas de données</li></ul>");
        if (communes.size() > 1) {
            List<String> rows = new ArrayList<>();
            for (Territory c : communes) {
                Double s = shares.get(c.code());
                rows.add("<tr><td><a href=\"/ocs/territoire/commune/" + esc(c.code()) + "\">" + esc(c.name())
                        + "</a></td><td>" + (s == null ? "–" : pct(s)) + "</td></tr>");
            }
            b.append("<details><summary>Tableau des ").append(communes.size()).append(" communes</summary><table>"
                    + "<thead><tr><th scope=\"col\">Commune</th><th scope=\"col\">Part artificialisée</th></tr></thead><tbody>")
                    .append(String.join("", rows)).append("</tbody></table></details>");
        }
        b.append("</section>");
    }

    private static String figure(String label, String value) {
        return "<div><dt>" + esc(label) + "</dt><dd>" + esc(value) + "</dd></div>";
    }

    private static String classTable(String caption, List<Map<String, Object>> classes, int from, int to) {
        StringBuilder b = new StringBuilder("<details><summary>Tableau : ").append(esc(caption))
                .append("</summary><table><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Classe</th><th scope=\"col\">")
                .append(from).append("</th><th scope=\"col\">").append(to).append("</th></tr></thead><tbody>");
        for (Map<String, Object> c : classes) {
            b.append("<tr><td>").append(esc(c.get("code"))).append("</td><td>").append(esc(c.get("label")))
                    .append("</td><td>").append(ha((Double) c.get("areaFrom"))).append("</td><td>")
                    .append(ha((Double) c.get("areaTo"))).append("</td></tr>");
        }
        return b.append("</tbody></table></details>").toString();
    }
}
