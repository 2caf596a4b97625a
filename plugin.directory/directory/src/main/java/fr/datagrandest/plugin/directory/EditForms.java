package fr.datagrandest.plugin.directory;

import static fr.datagrandest.plugin.directory.DirectoryPages.esc;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import fr.datagrandest.plugin.directory.Entries.College;
import fr.datagrandest.plugin.directory.Entries.HistoryEntry;
import fr.datagrandest.plugin.directory.Entries.Membership;
import fr.datagrandest.plugin.directory.Entries.Organisation;
import fr.datagrandest.plugin.directory.Entries.OrganisationRef;
import fr.datagrandest.plugin.directory.Entries.Person;
import fr.datagrandest.plugin.directory.Entries.Role;
import jakarta.ws.rs.WebApplicationException;

/**
 * The editing forms of the pages (organisations with their memberships, people with their roles) and the history
 * shown on an entry. The forms are filled on the server; {@code edit.js} sends them to the REST API with the
 * session's CSRF token, so the rights, checks and history are the API's, and shows its refusals in French.
 */
final class EditForms {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.FRANCE)
            .withZone(ZoneId.of("Europe/Paris"));
    private static final Map<String, String> ACTIONS = Map.ofEntries(Map.entry("create", "Création"),
            Map.entry("update", "Modification"), Map.entry("import", "Import"), Map.entry("merge", "Fusion"),
            Map.entry("confirm", "Confirmation"), Map.entry("ldap-update", "Mise à jour LDAP"),
            Map.entry("ldap-link", "Liée à l'annuaire LDAP"), Map.entry("ldap-missing", "Absente de l'annuaire LDAP"),
            Map.entry("ldap-back", "De retour dans l'annuaire LDAP"));
    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("firstName", "Prénom"),
            Map.entry("lastName", "Nom"), Map.entry("email", "Courriel"), Map.entry("phone", "Téléphone"),
            Map.entry("jobTitle", "Fonction"), Map.entry("organisation", "Organisation"),
            Map.entry("organisationId", "Organisation"), Map.entry("roles", "Rôles"), Map.entry("notes", "Notes"),
            Map.entry("account", "Compte"), Map.entry("name", "Nom"), Map.entry("type", "Type"),
            Map.entry("siren", "SIREN"), Map.entry("siret", "SIRET"), Map.entry("territory", "Territoire"),
            Map.entry("website", "Site web"), Map.entry("memberships", "Adhésions"), Map.entry("flags", "À corriger"));

    private EditForms() {
    }

    static WebApplicationException refused(String message) {
        return new WebApplicationException(message, 403);
    }

    /** New organisation ({@code id} null) or changes to one, with the memberships of the caller's collèges. */
    static String organisation(Directory directory, StringBuilder html, Access access, Long id) {
        if (!access.isEditor()) {
            throw refused("Seuls les référents de collège et les administrateurs créent ou modifient des organisations : connectez-vous.");
        }
        Organisation o = id == null ? null : directory.organisation(id).orElseThrow(() -> Directory.notFound("organisation"));
        if (o != null && !access.canEdit(o.memberships().stream().map(Membership::college).toList())) {
            throw refused("Cette organisation appartient à d'autres collèges que les vôtres : seuls leurs référents ou un administrateur la modifient.");
        }
        String title = o == null ? "Nouvelle organisation" : "Modifier « " + o.name() + " »";
        html.append("<h1>").append(esc(title)).append("</h1>");
        form(html, "organisation", o == null ? "POST" : "PUT",
                "/directory/api/organisations" + (o == null ? "" : "/" + o.id()), "/directory/organisations/");
        text(html, "name", "Nom", o == null ? null : o.name(), "required");
        html.append("<p><label for=\"f-type\">Type</label><select id=\"f-type\" name=\"type\">");
        for (Map.Entry<String, String> t : new TreeMap<>(Entries.ORGANISATION_TYPES).entrySet()) {
            option(html, t.getKey(), t.getValue(), o != null ? t.getKey().equals(o.type()) : t.getKey().equals("other"));
        }
        html.append("</select></p>");
        text(html, "siren", "SIREN (9 chiffres)", o == null ? null : o.siren(), "inputmode=\"numeric\"");
        text(html, "siret", "SIRET (14 chiffres)", o == null ? null : o.siret(), "inputmode=\"numeric\"");
        html.append("<p><label for=\"f-territoryLevel\">Territoire</label><select id=\"f-territoryLevel\" name=\"territoryLevel\">");
        String level = o == null || o.territory() == null ? "" : o.territory().level();
        for (String[] l : new String[][] {{"", "aucun"}, {"commune", "Commune"}, {"epci", "EPCI"},
                {"departement", "Département"}, {"region", "Région"}}) {
            option(html, l[0], l[1], l[0].equals(level));
        }
        html.append("</select> <label for=\"f-territoryCode\">code (INSEE, SIREN de l'EPCI)</label> <input id=\"f-territoryCode\"")
                .append(" name=\"territoryCode\" size=\"10\" value=\"")
                .append(esc(o == null || o.territory() == null ? "" : o.territory().code())).append("\"></p>");
        text(html, "website", "Site web", o == null ? null : o.website(), "type=\"url\" placeholder=\"https://\"");

        html.append("<fieldset><legend>Adhésions aux collèges</legend>");
        List<College> colleges = directory.colleges().stream()
                .filter(c -> access.canEditCollege(c.code()) || access.isAdmin()).toList();
        List<Membership> kept = new ArrayList<>();
        List<Membership> others = new ArrayList<>();
        if (o != null) {
            for (Membership m : o.memberships()) {
                (access.canEditCollege(m.college()) || access.isAdmin() ? kept : others).add(m);
            }
        }
        if (!others.isEmpty()) {
            html.append("<p class=\"muted\">Adhésions à d'autres collèges, conservées : ")
                    .append(esc(String.join(", ", others.stream().map(Membership::collegeName).toList()))).append("</p>");
        }
        html.append("<table data-list=\"memberships\"><thead><tr><th scope=\"col\">Collège</th><th scope=\"col\">Nature</th>")
                .append("<th scope=\"col\">Depuis</th><th scope=\"col\">Jusqu'au</th></tr></thead><tbody>");
        if (o == null && !access.isAdmin() && !colleges.isEmpty()) {
            kept.add(new Membership(colleges.get(0).code(), colleges.get(0).name(), "member", null, null));
        }
        kept.add(null); // an empty row to add one
        int row = 0;
        for (Membership m : kept) {
            row++;
            html.append("<tr data-row>").append("<td><select aria-label=\"Collège (adhésion ").append(row)
                    .append(")\" name=\"college\">");
            option(html, "", "—", m == null);
            for (College c : colleges) {
                option(html, c.code(), c.name(), m != null && c.code().equals(m.college()));
            }
            html.append("</select></td><td><select aria-label=\"Nature (adhésion ").append(row).append(")\" name=\"kind\">");
            for (String k : List.of("member", "funder", "partner")) {
                option(html, k, Entries.MEMBERSHIP_KINDS.get(k), m == null ? k.equals("member") : k.equals(m.kind()));
            }
            html.append("</select></td><td><input type=\"date\" aria-label=\"Depuis (adhésion ").append(row)
                    .append(")\" name=\"since\" value=\"").append(m == null || m.since() == null ? "" : m.since())
                    .append("\"></td><td><input type=\"date\" aria-label=\"Jusqu'au (adhésion ").append(row)
                    .append(")\" name=\"until\" value=\"").append(m == null || m.until() == null ? "" : m.until())
                    .append("\"></td></tr>");
        }
        html.append("</tbody></table><button type=\"button\" class=\"secondary\" data-add-row=\"memberships\">")
                .append("Ajouter une adhésion</button></fieldset>");
        endForm(html, o == null ? "/directory" : "/directory/organisations/" + o.id());
        return title;
    }

    /**
     * New person ({@code id} null, in an organisation given by {@code organisation}) or changes to one. The person
     * themself gets their contact details only: their organisation and roles are changed by an editor.
     */
    static String person(Directory directory, StringBuilder html, Access access, Long id, String organisation) {
        Person p = id == null ? null : directory.person(access, id).orElseThrow(() -> Directory.notFound("person"));
        if (p == null && !access.isEditor()) {
            throw refused("Seuls les référents de collège et les administrateurs ajoutent des personnes : connectez-vous.");
        }
        if (p != null && !Boolean.TRUE.equals(p.editable())) {
            throw refused("Seuls la personne, les référents de son collège et les administrateurs modifient cette fiche.");
        }
        boolean editor = p == null || access.canEdit(p.colleges());
        List<OrganisationRef> choices = editor ? new ArrayList<>(directory.organisationChoices(access)) : List.of();
        Long organisationId = p != null ? (p.organisation() == null ? null : p.organisation().id())
                : organisation != null && organisation.matches("\\d{1,18}") ? Long.valueOf(organisation) : null;
        if (editor && p != null && p.organisation() != null && choices.stream().noneMatch(o -> o.id() == p.organisation().id())) {
            choices.add(0, p.organisation());
        }
        String title = p == null ? "Nouvelle personne" : editor ? "Modifier la fiche de " + p.name() : "Modifier mes coordonnées";
        html.append("<h1>").append(esc(title)).append("</h1>");
        form(html, "person", p == null ? "POST" : "PUT", "/directory/api/people" + (p == null ? "" : "/" + p.id()),
                "/directory/personnes/");
        text(html, "firstName", "Prénom", p == null ? null : p.firstName(), "autocomplete=\"off\"");
        text(html, "lastName", "Nom", p == null ? null : p.lastName(), "autocomplete=\"off\"");
        text(html, "jobTitle", "Fonction", p == null ? null : p.jobTitle(), "");
        text(html, "email", "Courriel", p == null ? null : p.email(), "type=\"email\"");
        text(html, "phone", "Téléphone", p == null ? null : p.phone(), "type=\"tel\"");
        if (!editor) {
            // the API keeps organisation, roles and account as they are for the person themself
            html.append("<input type=\"hidden\" name=\"organisationId\" data-type=\"number\" value=\"")
                    .append(organisationId == null ? "" : organisationId).append("\">")
                    .append("<p class=\"muted\">Votre organisation et vos rôles sont modifiés par un référent de votre collège.</p>");
            endForm(html, "/directory/personnes/" + p.id());
            return title;
        }
        html.append("<p><label for=\"f-organisationId\">Organisation</label><select id=\"f-organisationId\" name=\"organisationId\"")
                .append(" data-type=\"number\">");
        option(html, "", "—", organisationId == null);
        for (OrganisationRef o : choices) {
            option(html, String.valueOf(o.id()), o.name(), organisationId != null && o.id() == organisationId);
        }
        html.append("</select></p>");
        html.append("<fieldset><legend>Rôles</legend><table data-list=\"roles\"><thead><tr><th scope=\"col\">Organisation</th>")
                .append("<th scope=\"col\">Rôle</th><th scope=\"col\">Précision</th></tr></thead><tbody>");
        List<Role> roles = new ArrayList<>(p == null ? List.of() : p.roles());
        roles.add(null);
        int row = 0;
        for (Role r : roles) {
            row++;
            html.append("<tr data-row><td><select aria-label=\"Organisation (rôle ").append(row)
                    .append(")\" name=\"organisationId\" data-type=\"number\">");
            option(html, "", "—", r == null);
            boolean listed = false;
            for (OrganisationRef o : choices) {
                boolean selected = r != null && o.id() == r.organisationId();
                listed |= selected;
                option(html, String.valueOf(o.id()), o.name(), selected);
            }
            if (r != null && !listed) {
                option(html, String.valueOf(r.organisationId()), r.organisationName(), true);
            }
            html.append("</select></td><td><select aria-label=\"Rôle (rôle ").append(row).append(")\" name=\"role\">");
            for (String code : List.of("referent", "technical", "elected", "director", "communication", "other")) {
                option(html, code, Entries.ROLES.get(code), r == null ? code.equals("referent") : code.equals(r.role()));
            }
            html.append("</select></td><td><input aria-label=\"Précision (rôle ").append(row).append(")\" name=\"label\" value=\"")
                    .append(esc(r == null ? "" : r.label())).append("\"></td></tr>");
        }
        html.append("</tbody></table><button type=\"button\" class=\"secondary\" data-add-row=\"roles\">Ajouter un rôle</button>")
                .append("</fieldset>");
        html.append("<p><label for=\"f-notes\">Notes (réservées)</label><textarea id=\"f-notes\" name=\"notes\" rows=\"3\" cols=\"60\">")
                .append(esc(p == null ? "" : p.notes())).append("</textarea></p>");
        text(html, "account", "Compte de la personne sur la plateforme (pour qu'elle modifie sa fiche)",
                p == null ? null : p.account(), "autocomplete=\"off\"");
        endForm(html, p == null ? "/directory" : "/directory/personnes/" + p.id());
        return title;
    }

    /** The history of an entry, for who may read it (editors, the person, administrators); nothing for others. */
    static void history(Directory directory, StringBuilder html, Access access, String type, long id) {
        List<HistoryEntry> entries;
        try {
            entries = directory.history(access, type, id);
        } catch (WebApplicationException e) {
            return;
        }
        html.append("<section aria-labelledby=\"historique\"><h2 id=\"historique\">Historique des modifications</h2>");
        if (entries.isEmpty()) {
            html.append("<p>Aucune modification enregistrée.</p></section>");
            return;
        }
        Map<Long, String> names = new java.util.HashMap<>();
        html.append("<table class=\"history\"><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Par</th>")
                .append("<th scope=\"col\">Action</th><th scope=\"col\">Changements</th></tr></thead><tbody>");
        for (int i = entries.size() - 1; i >= 0; i--) {
            HistoryEntry h = entries.get(i);
            html.append("<tr><td>").append(h.at() == null ? "" : WHEN.format(h.at())).append("</td><td>")
                    .append(esc(h.actor())).append("</td><td>").append(esc(ACTIONS.getOrDefault(h.action(), h.action())))
                    .append("</td><td>");
            for (Map.Entry<String, Object> change : h.changes().entrySet()) {
                html.append("<div><strong>").append(esc(FIELDS.getOrDefault(change.getKey(), change.getKey()))).append("</strong> : ");
                boolean ids = change.getKey().equals("organisationId") || change.getKey().equals("roles");
                if (change.getValue() instanceof List<?> pair && pair.size() == 2 && !isRoleList(change)) {
                    html.append(esc(shown(directory, names, ids, pair.get(0)))).append(" → ")
                            .append(esc(shown(directory, names, ids, pair.get(1))));
                } else {
                    html.append(esc(shown(directory, names, ids, change.getValue())));
                }
                html.append("</div>");
            }
            html.append("</td></tr>");
        }
        html.append("</tbody></table></section>");
    }

    /** A creation records the roles as one list ("12/referent"…), a change as the pair of lists before and after. */
    private static boolean isRoleList(Map.Entry<String, Object> change) {
        return change.getKey().equals("roles") && change.getValue() instanceof List<?> l
                && l.stream().allMatch(v -> v instanceof String);
    }

    /** A value as people read it: organisations by their name, roles by their French label. */
    private static String shown(Directory directory, Map<Long, String> names, boolean ids, Object value) {
        if (value == null || value.toString().isEmpty() || value instanceof List<?> l && l.isEmpty()) {
            return "(vide)";
        }
        if (!ids) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(v -> shown(directory, names, true, v)).toList());
        }
        String text = value.toString();
        java.util.regex.Matcher role = java.util.regex.Pattern.compile("(\\d+)/([a-z-]+)").matcher(text);
        if (role.matches()) {
            return organisationName(directory, names, Long.parseLong(role.group(1))) + " : "
                    + Entries.ROLES.getOrDefault(role.group(2), role.group(2));
        }
        return text.matches("\\d+") ? organisationName(directory, names, Long.parseLong(text)) : text;
    }

    private static String organisationName(Directory directory, Map<Long, String> names, long id) {
        return names.computeIfAbsent(id, k -> directory.organisation(k).map(Organisation::name)
                .orElse("organisation n° " + k + " (supprimée)"));
    }

    private static void form(StringBuilder html, String kind, String method, String api, String next) {
        html.append("<form id=\"edit\" class=\"edit\" data-kind=\"").append(kind).append("\" data-method=\"").append(method)
                .append("\" data-api=\"").append(esc(api)).append("\" data-next=\"").append(esc(next)).append("\" novalidate>")
                .append("<div id=\"problem\" class=\"problem\" role=\"alert\" tabindex=\"-1\" hidden></div>")
                .append("<noscript><p class=\"warn\">L'enregistrement de ce formulaire demande JavaScript.</p></noscript>");
    }

    private static void endForm(StringBuilder html, String cancel) {
        html.append("<p class=\"actions\"><button type=\"submit\">Enregistrer</button> <a href=\"").append(esc(cancel))
                .append("\">Annuler</a></p><p id=\"saving\" role=\"status\" aria-live=\"polite\"></p></form>")
                .append("<script src=\"/directory/static/edit.js\"></script>");
    }

    private static void text(StringBuilder html, String name, String label, String value, String attributes) {
        html.append("<p><label for=\"f-").append(name).append("\">").append(esc(label)).append("</label><input id=\"f-")
                .append(name).append("\" name=\"").append(name).append("\" value=\"").append(esc(value == null ? "" : value))
                .append("\" ").append(attributes).append("></p>");
    }

    private static void option(StringBuilder html, String value, String label, boolean selected) {
        html.append("<option value=\"").append(esc(value)).append('"').append(selected ? " selected" : "").append('>')
                .append(esc(label)).append("</option>");
    }
}
