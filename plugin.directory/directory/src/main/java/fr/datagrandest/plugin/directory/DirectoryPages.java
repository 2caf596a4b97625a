package fr.datagrandest.plugin.directory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.plugin.directory.Entries.College;
import fr.datagrandest.plugin.directory.Entries.Membership;
import fr.datagrandest.plugin.directory.Entries.Organisation;
import fr.datagrandest.plugin.directory.Entries.Page;
import fr.datagrandest.plugin.directory.Entries.Person;
import fr.datagrandest.plugin.directory.Entries.PersonSummary;
import fr.datagrandest.plugin.directory.Entries.Role;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;

/**
 * The directory's web pages under {@code /directory}, in French, built on the server (they work without scripts;
 * only the import page uses one, served from this bundle): search, organisation with its referent, person,
 * collèges, "who is the referent of", entry by territory, import with preview, personal data.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/directory",
        "osgi.http.whiteboard.servlet.pattern=/directory/*",
        "osgi.http.whiteboard.servlet.name=directory-pages"})
public class DirectoryPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Directory directory;

    @Activate
    public DirectoryPages(@Reference Directory directory) {
        this.directory = directory;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (request.getServletPath() != null && request.getServletPath().startsWith("/directory/")) {
            path = request.getServletPath().substring("/directory".length()) + (request.getPathInfo() == null ? "" : request.getPathInfo());
        }
        if (path.startsWith("/static/")) {
            staticFile(path.substring(8), response);
            return;
        }
        Access access = Caller.of(request);
        StringBuilder html = new StringBuilder();
        try {
            String title;
            if (path.equals("/") || path.isEmpty()) {
                title = home(html, access, request.getParameter("q"));
            } else if (path.matches("/organisations/\\d+")) {
                title = organisation(html, access, Long.parseLong(path.substring(15)));
            } else if (path.equals("/organisations/nouvelle")) {
                title = EditForms.organisation(directory, html, access, null);
            } else if (path.matches("/organisations/\\d+/modifier")) {
                title = EditForms.organisation(directory, html, access, Long.parseLong(path.split("/")[2]));
            } else if (path.matches("/personnes/\\d+")) {
                title = person(html, access, Long.parseLong(path.substring(11)));
            } else if (path.equals("/personnes/nouvelle")) {
                title = EditForms.person(directory, html, access, null, request.getParameter("organisation"));
            } else if (path.matches("/personnes/\\d+/modifier")) {
                title = EditForms.person(directory, html, access, Long.parseLong(path.split("/")[2]), null);
            } else if (path.equals("/colleges")) {
                title = colleges(html);
            } else if (path.matches("/colleges/[a-z0-9-]+")) {
                title = college(html, access, path.substring(10));
            } else if (path.equals("/referent")) {
                title = referent(html, request.getParameter("q"), request.getParameter("territoire"));
            } else if (path.matches("/territoires/(commune|epci|departement|region)/[0-9AB]+")) {
                String[] parts = path.split("/");
                title = territory(html, parts[2], parts[3]);
            } else if (path.equals("/import")) {
                title = importPage(html, access);
            } else if (path.equals("/confidentialite")) {
                title = privacy(html);
            } else {
                throw Directory.notFound("page");
            }
            send(response, 200, title, html, access);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            StringBuilder error = new StringBuilder();
            error.append("<h1>").append(status == 404 ? "Page introuvable" : "Erreur").append("</h1><p>")
                    .append(status == 404 ? "Cette page de l'annuaire n'existe pas." : esc(e.getMessage())).append("</p>");
            send(response, status, "Erreur", error, access);
        }
    }

    private void send(HttpServletResponse response, int status, String title, StringBuilder body, Access access)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        StringBuilder page = new StringBuilder(body.length() + 2048);
        page.append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" — Annuaire DataGrandEst</title>")
                .append("<link rel=\"stylesheet\" href=\"/directory/static/directory.css\"></head><body>")
                .append("<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>")
                .append("<header><a class=\"brand\" href=\"/\">DataGrandEst</a><nav aria-label=\"Annuaire\"><ul>")
                .append("<li><a href=\"/directory\">Annuaire</a></li>")
                .append("<li><a href=\"/directory/colleges\">Collèges</a></li>")
                .append("<li><a href=\"/directory/referent\">Qui est le référent ?</a></li>");
        if (access.isEditor()) {
            page.append("<li><a href=\"/directory/import\">Importer</a></li>")
                    .append("<li><a href=\"/directory/organisations/nouvelle\">Nouvelle organisation</a></li>");
        }
        page.append("<li><a href=\"/directory/confidentialite\">Données personnelles</a></li></ul></nav>")
                .append("<span class=\"who\">")
                .append(access.user().isAnonymous() ? "<a href=\"/login?next=/directory\">Se connecter</a>"
                        : "Connecté·e : " + esc(access.actor()))
                .append("</span></header><main id=\"contenu\">").append(body)
                .append("</main><footer>Annuaire partagé des partenaires de DataGrandEst · "
                        + "<a href=\"/directory/confidentialite\">Vos données et vos droits</a></footer></body></html>");
        response.getOutputStream().write(page.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String home(StringBuilder html, Access access, String q) {
        html.append("<h1>Annuaire des partenaires</h1>")
                .append("<form class=\"search\" role=\"search\" action=\"/directory\" method=\"get\">")
                .append("<label for=\"q\">Rechercher une personne, une organisation, un collège, un rôle ou un territoire</label>")
                .append("<div><input id=\"q\" name=\"q\" type=\"search\" value=\"").append(esc(q == null ? "" : q))
                .append("\" placeholder=\"ex. référent Moselle, Eurométropole, Saint-Dié\"><button type=\"submit\">Rechercher</button></div></form>");
        if (q != null && !q.isBlank()) {
            Page<Organisation> orgs = directory.searchOrganisations(q, null, null, null, 0, 20);
            Page<Person> people = directory.searchPeople(access, q, null, null, null, 0, 30);
            html.append("<section aria-labelledby=\"r-org\"><h2 id=\"r-org\">Organisations (").append(orgs.total()).append(")</h2>");
            organisationList(html, orgs.items());
            html.append("</section><section aria-labelledby=\"r-people\"><h2 id=\"r-people\">Personnes (")
                    .append(people.total()).append(")</h2>");
            personList(html, people.items());
            html.append("</section>");
        } else {
            html.append("<h2>Collèges</h2>");
            collegeList(html, directory.colleges());
        }
        return q == null || q.isBlank() ? "Annuaire" : "Recherche « " + q + " »";
    }

    private void organisationList(StringBuilder html, List<Organisation> orgs) {
        if (orgs.isEmpty()) {
            html.append("<p>Aucune organisation ne correspond.</p>");
            return;
        }
        html.append("<ul class=\"cards\">");
        for (Organisation o : orgs) {
            html.append("<li><a href=\"/directory/organisations/").append(o.id()).append("\">").append(esc(o.name()))
                    .append("</a> <span class=\"tag\">").append(esc(o.typeLabel())).append("</span>");
            if (!o.referents().isEmpty()) {
                html.append("<br><small>Référent : ");
                joinPeople(html, o.referents());
                html.append("</small>");
            }
            html.append("</li>");
        }
        html.append("</ul>");
    }

    private void personList(StringBuilder html, List<Person> people) {
        if (people.isEmpty()) {
            html.append("<p>Aucune personne ne correspond.</p>");
            return;
        }
        html.append("<table><thead><tr><th scope=\"col\">Nom</th><th scope=\"col\">Organisation</th>")
                .append("<th scope=\"col\">Rôles</th><th scope=\"col\">Courriel</th></tr></thead><tbody>");
        for (Person p : people) {
            html.append("<tr><td><a href=\"/directory/personnes/").append(p.id()).append("\">").append(esc(p.name()))
                    .append("</a>").append(Boolean.TRUE.equals(p.synthetic()) ? " <span class=\"tag fictif\">fictif</span>" : "")
                    .append("</td><td>");
            if (p.organisation() != null) {
                html.append("<a href=\"/directory/organisations/").append(p.organisation().id()).append("\">")
                        .append(esc(p.organisation().name())).append("</a>");
            }
            html.append("</td><td>").append(esc(String.join(", ", p.roles().stream().map(Role::roleLabel).distinct().toList())))
                    .append("</td><td>").append(p.email() == null ? "<span class=\"muted\">réservé</span>" : mailto(p.email()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void joinPeople(StringBuilder html, List<PersonSummary> people) {
        for (int i = 0; i < people.size(); i++) {
            if (i > 0) {
                html.append(", ");
            }
            html.append("<a href=\"/directory/personnes/").append(people.get(i).id()).append("\">")
                    .append(esc(people.get(i).name())).append("</a>");
        }
    }

    private String organisation(StringBuilder html, Access access, long id) {
        Organisation o = directory.organisation(id).orElseThrow(() -> Directory.notFound("organisation"));
        html.append("<h1>").append(esc(o.name())).append("</h1><p class=\"tag\">").append(esc(o.typeLabel())).append("</p>");
        boolean editable = access.canEdit(o.memberships().stream().map(Membership::college).toList());
        if (editable) {
            html.append("<p class=\"actions\"><a class=\"button\" href=\"/directory/organisations/").append(o.id())
                    .append("/modifier\">Modifier l'organisation</a> <a class=\"button secondary\" href=\"/directory/personnes/nouvelle?organisation=")
                    .append(o.id()).append("\">Ajouter une personne</a></p>");
        }
        html.append("<section class=\"referent\" aria-labelledby=\"ref\"><h2 id=\"ref\">Référent DataGrandEst</h2>");
        if (o.referents().isEmpty()) {
            html.append("<p>Aucun référent n'est connu pour cette organisation.</p>");
        } else {
            html.append("<ul>");
            for (PersonSummary p : o.referents()) {
                html.append("<li><a href=\"/directory/personnes/").append(p.id()).append("\">").append(esc(p.name()))
                        .append("</a>").append(p.jobTitle() == null ? "" : " — " + esc(p.jobTitle())).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</section><dl>");
        if (o.siren() != null) {
            html.append("<dt>SIREN</dt><dd>").append(esc(o.siren())).append("</dd>");
        }
        if (o.siret() != null) {
            html.append("<dt>SIRET</dt><dd>").append(esc(o.siret())).append("</dd>");
        }
        if (o.territory() != null) {
            html.append("<dt>Territoire</dt><dd><a href=\"/directory/territoires/").append(esc(o.territory().level()))
                    .append('/').append(esc(o.territory().code())).append("\">")
                    .append(esc(o.territory().name() == null ? o.territory().code() : o.territory().name()))
                    .append("</a> (").append(esc(o.territory().level())).append(' ').append(esc(o.territory().code()))
                    .append(")</dd>");
        }
        if (o.website() != null) {
            html.append("<dt>Site web</dt><dd><a href=\"").append(esc(o.website())).append("\" rel=\"noopener\">")
                    .append(esc(o.website())).append("</a></dd>");
        }
        html.append("</dl><h2>Adhésions</h2>");
        if (o.memberships().isEmpty()) {
            html.append("<p>Aucune adhésion.</p>");
        } else {
            html.append("<ul>");
            for (Membership m : o.memberships()) {
                html.append("<li><a href=\"/directory/colleges/").append(esc(m.college())).append("\">")
                        .append(esc(m.collegeName())).append("</a> — ")
                        .append(esc(Entries.MEMBERSHIP_KINDS.getOrDefault(m.kind(), m.kind())))
                        .append(m.since() == null ? "" : " depuis " + m.since())
                        .append(m.until() == null ? "" : " jusqu'au " + m.until()).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<h2>Personnes</h2>");
        if (o.people() == null || o.people().isEmpty()) {
            html.append("<p>Aucune personne.</p>");
        } else {
            html.append("<ul>");
            for (PersonSummary p : o.people()) {
                html.append("<li><a href=\"/directory/personnes/").append(p.id()).append("\">").append(esc(p.name()))
                        .append("</a> ").append(esc(String.join(", ", p.roles().stream()
                                .filter(r -> r.organisationId() == o.id()).map(Role::roleLabel).toList())))
                        .append("</li>");
            }
            html.append("</ul>");
        }
        EditForms.history(directory, html, access, "organisation", o.id());
        return o.name();
    }

    private String person(StringBuilder html, Access access, long id) {
        Person p = directory.person(access, id).orElseThrow(() -> Directory.notFound("person"));
        html.append("<h1>").append(esc(p.name())).append("</h1>");
        if (Boolean.TRUE.equals(p.editable())) {
            html.append("<p class=\"actions\"><a class=\"button\" href=\"/directory/personnes/").append(p.id())
                    .append("/modifier\">").append(access.isSelf(p.account()) && !access.canEdit(p.colleges())
                            ? "Modifier mes coordonnées" : "Modifier la fiche").append("</a></p>");
        }
        if (Boolean.TRUE.equals(p.synthetic())) {
            html.append("<p class=\"notice\">Personne fictive : donnée de démonstration, aucune donnée réelle.</p>");
        }
        html.append("<dl>");
        if (p.jobTitle() != null) {
            html.append("<dt>Fonction</dt><dd>").append(esc(p.jobTitle())).append("</dd>");
        }
        if (p.organisation() != null) {
            html.append("<dt>Organisation</dt><dd><a href=\"/directory/organisations/").append(p.organisation().id())
                    .append("\">").append(esc(p.organisation().name())).append("</a></dd>");
        }
        for (Role r : p.roles()) {
            html.append("<dt>").append(esc(r.roleLabel())).append("</dt><dd><a href=\"/directory/organisations/")
                    .append(r.organisationId()).append("\">").append(esc(r.organisationName())).append("</a>")
                    .append(r.label().isBlank() ? "" : " (" + esc(r.label()) + ")").append("</dd>");
        }
        if (!p.colleges().isEmpty()) {
            html.append("<dt>Collèges</dt><dd>");
            for (String c : p.colleges()) {
                html.append("<a href=\"/directory/colleges/").append(esc(c)).append("\">").append(esc(c)).append("</a> ");
            }
            html.append("</dd>");
        }
        if (!p.groups().isEmpty()) {
            html.append("<dt>Groupes de travail</dt><dd>").append(esc(String.join(", ", p.groups()))).append("</dd>");
        }
        if (p.email() != null) {
            html.append("<dt>Courriel</dt><dd>").append(mailto(p.email())).append("</dd>");
        }
        if (p.phone() != null) {
            html.append("<dt>Téléphone</dt><dd>").append(esc(p.phone())).append("</dd>");
        }
        if (p.flags() != null && !p.flags().isEmpty()) {
            html.append("<dt>À corriger</dt><dd class=\"warn\">").append(esc(String.join(", ", p.flags().stream()
                    .map(f -> f.equals("invalid-email") ? "courriel invalide" : f.equals("invalid-phone") ? "téléphone invalide" : f)
                    .toList()))).append("</dd>");
        }
        html.append("</dl>");
        if (p.email() == null) {
            html.append("<p class=\"muted\">Les coordonnées sont réservées à la personne, aux référents de son collège et aux administrateurs.</p>");
        }
        html.append("<p><a href=\"/directory/api/people/").append(p.id()).append("/vcard\">Télécharger la fiche (vCard)</a>");
        if (p.purpose() != null) {
            html.append(" · <a href=\"/directory/api/people/").append(p.id()).append("/data\">Mes données (JSON)</a>");
        }
        html.append("</p>");
        EditForms.history(directory, html, access, "person", p.id());
        return p.name();
    }

    private String colleges(StringBuilder html) {
        html.append("<h1>Collèges</h1>");
        collegeList(html, directory.colleges());
        return "Collèges";
    }

    private static void collegeList(StringBuilder html, List<College> colleges) {
        html.append("<ul class=\"cards\">");
        for (College c : colleges) {
            html.append("<li><a href=\"/directory/colleges/").append(esc(c.code())).append("\">").append(esc(c.name()))
                    .append("</a><br><small>").append(c.organisations()).append(" organisations · ").append(c.people())
                    .append(" personnes</small></li>");
        }
        html.append("</ul>");
    }

    private String college(StringBuilder html, Access access, String code) {
        College c = directory.college(code).orElseThrow(() -> Directory.notFound("collège"));
        html.append("<h1>").append(esc(c.name())).append("</h1><p>").append(esc(c.description())).append("</p>")
                .append("<p><a href=\"/directory/api/export?format=csv&amp;college=").append(esc(code))
                .append("\">Exporter (CSV)</a> · <a href=\"/directory/api/export?format=xlsx&amp;college=").append(esc(code))
                .append("\">Exporter (XLSX)</a> · <a href=\"/directory/api/export?format=vcf&amp;college=").append(esc(code))
                .append("\">Carnet d'adresses (vCard)</a></p>");
        html.append("<h2>Organisations (").append(c.organisations()).append(")</h2>");
        organisationList(html, directory.searchOrganisations(null, code, null, null, 0, 500).items());
        html.append("<h2>Personnes</h2>");
        personList(html, directory.searchPeople(access, null, code, null, null, 0, 500).items());
        return c.name();
    }

    private String referent(StringBuilder html, String q, String territory) {
        html.append("<h1>Qui est le référent DataGrandEst ?</h1>")
                .append("<form class=\"search\" action=\"/directory/referent\" method=\"get\">")
                .append("<label for=\"rq\">D'une organisation ou d'un territoire (commune, EPCI, département)</label>")
                .append("<div><input id=\"rq\" name=\"q\" type=\"search\" value=\"").append(esc(q == null ? "" : q))
                .append("\" placeholder=\"ex. Colmar, Haguenau, Meuse\"><button type=\"submit\">Chercher</button></div></form>");
        if ((q == null || q.isBlank()) && (territory == null || territory.isBlank())) {
            return "Qui est le référent ?";
        }
        Directory.ReferentResult result = directory.referents(null, territory, q);
        referentAnswers(html, result);
        return "Référent de « " + (q == null ? territory : q) + " »";
    }

    private static void referentAnswers(StringBuilder html, Directory.ReferentResult result) {
        if (result.answers().isEmpty()) {
            html.append("<p>Aucun référent trouvé.</p>");
            return;
        }
        html.append("<ul class=\"cards\">");
        for (Directory.ReferentAnswer a : result.answers()) {
            html.append("<li><strong>");
            joinPeople(html, a.referents());
            html.append("</strong><br>Référent de <a href=\"/directory/organisations/").append(a.organisation().id())
                    .append("\">").append(esc(a.organisation().name())).append("</a>")
                    .append(a.via().equals("parent territory") ? " <small>(territoire englobant)</small>" : "")
                    .append("</li>");
        }
        html.append("</ul>");
    }

    private String territory(StringBuilder html, String level, String code) {
        Page<Organisation> orgs = directory.searchOrganisations(null, null, null, level + ":" + code, 0, 50);
        String name = orgs.items().stream().map(Organisation::territory).filter(t -> t != null && t.name() != null)
                .map(Entries.Territory::name).findFirst().orElse(Optional.ofNullable(directory.territoryName(level, code)).orElse(code));
        html.append("<h1>").append(esc(name)).append("</h1><h2>Référent DataGrandEst</h2>");
        referentAnswers(html, directory.referents(null, level + ":" + code, null));
        html.append("<h2>Organisations de ce territoire</h2>");
        organisationList(html, orgs.items());
        return name;
    }

    private String importPage(StringBuilder html, Access access) {
        if (!access.isEditor()) {
            throw new WebApplicationException("L'import est réservé aux référents de collège et aux administrateurs : connectez-vous.", 403);
        }
        html.append("<h1>Importer des contacts</h1>")
                .append("<p>Fichier CSV (UTF-8 ou Windows-1252, séparateur « , » ou « ; ») ou XLSX, la première ligne donnant")
                .append(" les noms des colonnes (Prénom, Nom, Courriel, Téléphone, Fonction, Organisation, SIREN, Rôle, Collège,")
                .append(" Adhésion…). Une colonne Collège (code ou nom) et Adhésion (membre, financeur, partenaire) placent")
                .append(" l'organisation de chaque ligne dans un collège ; sans elles, les nouvelles organisations rejoignent le collège choisi.")
                .append(" L'aperçu ne modifie rien ; les doublons deviennent des propositions de fusion à accepter ou refuser.</p>")
                .append("<form id=\"import\"><p><label for=\"file\">Fichier</label> <input id=\"file\" type=\"file\" required")
                .append(" accept=\".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"></p>")
                .append("<p><label for=\"college\">Collège</label> <select id=\"college\">");
        for (College c : directory.colleges()) {
            if (access.canEditCollege(c.code()) || access.isAdmin()) {
                html.append("<option value=\"").append(esc(c.code())).append("\">").append(esc(c.name())).append("</option>");
            }
        }
        html.append("</select></p><p><label for=\"mapping\">Correspondance des colonnes (facultatif, une par ligne :")
                .append(" <code>Colonne:champ</code> ; champs : ").append(esc(String.join(", ", ContactImport.FIELDS.keySet())))
                .append(")</label><br><textarea id=\"mapping\" rows=\"3\" cols=\"50\"></textarea></p>")
                .append("<p><button type=\"submit\" name=\"preview\" value=\"1\">Aperçu</button> ")
                .append("<button type=\"button\" id=\"apply\" disabled>Importer</button></p></form>")
                .append("<div id=\"progress\" role=\"status\" aria-live=\"polite\"></div><div id=\"result\"></div>")
                .append("<h2>Propositions de fusion en attente</h2><div id=\"proposals\" aria-live=\"polite\"></div>")
                .append("<script src=\"/directory/static/import.js\"></script>");
        return "Importer des contacts";
    }

    private String privacy(StringBuilder html) {
        DirectoryConfiguration config = directory.config();
        html.append("<h1>Vos données personnelles</h1><p><strong>Finalité :</strong> ").append(esc(config.purpose()))
                .append("</p><p><strong>Responsable :</strong> DataGrandEst.</p>")
                .append("<p><strong>Données publiques</strong> (visibles de tous) : nom, prénom, fonction, organisation, rôles,")
                .append(" collèges, groupes de travail. <strong>Données réservées</strong> (à la personne, aux référents de son")
                .append(" collège et aux administrateurs) : courriel, téléphone, notes, consentement.</p>")
                .append("<p><strong>Durée de conservation :</strong> ")
                .append(config.retentionMonths() > 0 ? "une fiche sans activité (ni modification ni confirmation) depuis "
                        + config.retentionMonths() + " mois est effacée." : "aucune limite configurée.")
                .append("</p><h2>Vos droits</h2><ul>")
                .append("<li>Accès : téléchargez vos données depuis votre fiche (« Mes données »), ou <code>GET /directory/api/people/{id}/data</code>.</li>")
                .append("<li>Rectification : « Modifier mes coordonnées » sur votre fiche, une fois connecté·e, ou")
                .append(" <code>PUT /directory/api/people/{id}</code>.</li>")
                .append("<li>Effacement : <code>POST /directory/api/people/{id}/erasure</code> ; l'effacement est tracé dans le")
                .append(" journal d'audit sans les données effacées. Pour qu'un import ou la synchronisation avec l'annuaire LDAP")
                .append(" ne vous ajoute pas de nouveau, l'annuaire garde une empreinte non réversible (calculée avec une clé secrète) de votre adresse")
                .append(" électronique et de votre entrée LDAP ; si vous souhaitez revenir dans l'annuaire, demandez à un")
                .append(" administrateur de la lever.</li>")
                .append("<li>Confirmation : <code>POST /directory/api/people/{id}/confirmation</code> relance la durée de conservation.</li></ul>");
        return "Données personnelles";
    }

    private void staticFile(String name, HttpServletResponse response) throws IOException {
        Map<String, String> types = Map.of("directory.css", "text/css;charset=UTF-8", "import.js",
                "text/javascript;charset=UTF-8", "edit.js", "text/javascript;charset=UTF-8");
        String type = types.get(name);
        if (type == null) {
            response.sendError(404);
            return;
        }
        try (InputStream in = DirectoryPages.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            response.setContentType(type);
            response.setHeader("Cache-Control", "public, max-age=300");
            in.transferTo(response.getOutputStream());
        }
    }

    private static String mailto(String email) {
        return "<a href=\"mailto:" + esc(URLEncoder.encode(email, StandardCharsets.UTF_8).replace("%40", "@")) + "\">"
                + esc(email) + "</a>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
