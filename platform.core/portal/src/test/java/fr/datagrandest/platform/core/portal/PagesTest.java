package fr.datagrandest.platform.core.portal;

import static fr.datagrandest.platform.core.portal.Fixtures.add;
import static fr.datagrandest.platform.core.portal.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.core.portal.Fixtures.Plugin;

/** The pages as the servlet renders them, checked on their HTML. */
class PagesTest {

    private static final UserIdentity ADMIN = new UserIdentity("admin", Set.of(Roles.PLATFORM_ADMIN), Set.of());
    private static final UserIdentity READER = new UserIdentity("lecteur", Set.of(Roles.READER), Set.of());
    /** What a text key looks like, to catch a key shown instead of its text. */
    private static final Pattern TEXT_KEY = Pattern.compile(
            "(?<![\\w/.-])(site|lang|layout|nav|front|search|territory|level|code|login|admin|error)\\.[a-zA-Z]+(\\.[a-zA-Z]+)*(?![\\w/-])");

    private final PortalContent portal = Fixtures.portal(500);
    private final Messages messages = portal.messages();
    private final PageLayout layout = new PageLayout(messages, "1.0.0-test");

    @AfterEach
    void stop() {
        portal.deactivate();
    }

    private static PageRequest request(Language language, UserIdentity user, String path) {
        return new PageRequest(language, user, true, path, "");
    }

    private String front(PageRequest request) {
        List<NavigationItem> navigation = portal.navigation(request.language(), request.user());
        Page page = FrontPage.render(messages.in(request.language()),
                navigation.stream().filter(item -> !item.kernel()).toList(), portal.territoriesAvailable());
        return layout.render(request, navigation, page);
    }

    private String render(PageRequest request, Page page) {
        return layout.render(request, portal.navigation(request.language(), request.user()), page);
    }

    private static void assertNoTextKeyShows(String html) {
        String withoutScriptTexts = html.replaceAll("(?s)<script type=\"application/json\".*?</script>", "");
        assertThat(TEXT_KEY.matcher(withoutScriptTexts).results().map(m -> m.group()).toList()).isEmpty();
    }

    @Test
    void theFrontPageWithoutContributionIsFrenchAndSaysNoServiceIsInstalled() {
        String html = front(request(Language.FR, UserIdentity.ANONYMOUS, "/"));

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"fr\">")
                .contains("<h1>Les données publiques du Grand Est</h1>")
                .contains("href=\"/\" aria-current=\"page\" class=\"kernel\" data-nav-id=\"home\">Accueil</a>")
                .contains("id=\"no-services\">Aucun service n’est installé")
                .contains("id=\"territory-unavailable\"")
                .contains("href=\"/login?next=%2F\"")
                .doesNotContain("Administration</a>")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertNoTextKeyShows(html);
    }

    @Test
    void theEnglishFrontPageListsThePluginsServicesAndTheLanguageSwitch() {
        add(portal, "catalog", Plugin.withEntries(entry("catalog", 10, "Catalogue de données", "Data catalogue")));
        portal.territories = new Fixtures.SmallTerritories();

        String html = front(new PageRequest(Language.EN, ADMIN, true, "/", "q=eau"));

        assertThat(html).contains("<html lang=\"en\">")
                .contains("<h1>Public data of the Grand Est region</h1>")
                .contains("<a href=\"/catalog\" class=\"card\">Data catalogue</a>")
                .contains("data-nav-id=\"admin\">Administration</a>")
                .contains("<form class=\"territory-form live-search\" action=\"/territoires\"")
                .contains("href=\"/?q=eau&amp;lang=fr\" lang=\"fr\" hreflang=\"fr\">FR")
                .contains("href=\"/?q=eau&amp;lang=en\" lang=\"en\" hreflang=\"en\" aria-current=\"true\">EN")
                .contains("Account: admin")
                .doesNotContain("no-services");
        assertNoTextKeyShows(html);
    }

    @Test
    void whatPluginsSayIsEscaped() {
        add(portal, "evil", Plugin.withEntries(entry("evil", 1, "<img src=x onerror=alert(1)>", null)));

        String html = front(request(Language.FR, UserIdentity.ANONYMOUS, "/"));

        assertThat(html).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void theScriptTextsCannotCloseTheirScriptElement() {
        String html = front(request(Language.FR, UserIdentity.ANONYMOUS, "/"));
        String json = html.substring(html.indexOf("<script type=\"application/json\" id=\"dge-texts\">"));
        json = json.substring(json.indexOf('>') + 1, json.indexOf("</script>"));

        assertThat(json).startsWith("{\"lang\":\"fr\",\"texts\":{").doesNotContain("<").contains("\"login.wrong\":\"Identifiant ou mot de passe incorrect.\"");
    }

    @Test
    void searchResultsAreGroupedBySourceWithTheTerritoriesFirst() {
        portal.territories = new Fixtures.SmallTerritories();
        add(portal, "catalog", new Plugin(List::of,
                (q, l) -> List.of(new PortalLink("Réseau cyclable", "/catalog/r/1", "Pistes et bandes", "Catalogue")),
                (t, l) -> List.of()));

        Messages.Texts t = messages.in(Language.FR);
        String html = render(request(Language.FR, UserIdentity.ANONYMOUS, "/recherche"),
                SearchPage.render(t, Optional.of(portal.search("Strasbourg", Language.FR)), true));

        assertThat(html).contains("Résultats pour « Strasbourg »")
                .contains("<h3>Territoires</h3>")
                .contains("<a href=\"/territoires/commune/67482\">Strasbourg</a><span class=\"meta\"> (Commune · code INSEE 67482)</span>")
                .contains("<h3>Catalogue</h3>")
                .contains("<a href=\"/catalog/r/1\">Réseau cyclable</a><p>Pistes et bandes</p>");
        assertThat(html.indexOf("<h3>Territoires</h3>")).isLessThan(html.indexOf("<h3>Catalogue</h3>"));
        assertNoTextKeyShows(html);
    }

    @Test
    void aTerritoryPageShowsOffersParentsAndFoldsLongListsOfChildren() {
        portal.territories = new Fixtures.SmallTerritories();
        add(portal, "ocs", new Plugin(List::of, (q, l) -> List.of(),
                (t, l) -> List.of(new PortalLink("Consommation d'espace", "/ocs/" + t.code(), "", "OCS GE"))));
        Messages.Texts t = messages.in(Language.FR);

        TerritoryOverview commune = portal.territory(TerritoryLevel.COMMUNE, "67482", Language.FR).orElseThrow();
        String html = render(request(Language.FR, UserIdentity.ANONYMOUS, "/territoires/commune/67482"),
                TerritoryPages.overview(t, commune));
        assertThat(html).contains("<title>Strasbourg – DataGrandEst</title>")
                .contains("<h1>Strasbourg</h1>")
                .containsPattern("code INSEE 67482 · 291.313 habitants")
                .contains("<a href=\"/ocs/67482\">Consommation d&#39;espace</a>")
                .contains("<h2 id=\"parents-heading\">Territoires englobants</h2>")
                .contains("<a href=\"/territoires/epci/246700488\">Eurométropole de Strasbourg</a>");
        assertNoTextKeyShows(html);

        List<Territory> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(new Territory(TerritoryLevel.COMMUNE, "670" + (10 + i), "Commune " + i, 100));
        }
        TerritoryOverview bigEpci = new TerritoryOverview(Fixtures.EUROMETROPOLE, true, List.of(), List.of(Fixtures.BAS_RHIN),
                Optional.of(TerritoryLevel.COMMUNE), many);
        assertThat(TerritoryPages.overview(t, bigEpci).main()).contains("Communes (30)").contains("<details><summary>Afficher la liste</summary>");
    }

    @Test
    void aTerritoryPageWithoutTheTerritoryServiceSaysWhatIsMissing() {
        Messages.Texts t = messages.in(Language.EN);
        TerritoryOverview unknown = portal.territory(TerritoryLevel.DEPARTEMENT, "67", Language.EN).orElseThrow();

        String main = TerritoryPages.overview(t, unknown).main();

        assertThat(main).contains("<h1>Département 67</h1>").contains("The territory reference is not installed")
                .contains("No installed service offers content for this territory yet.");
    }

    @Test
    void signingInIsExplainedWhenTheSecurityModuleIsAbsent() {
        PageRequest withoutSecurity = new PageRequest(Language.FR, UserIdentity.ANONYMOUS, false, "/login", "");
        Messages.Texts t = messages.in(Language.FR);

        String login = render(withoutSecurity, LoginPage.render(t, withoutSecurity, "/admin", false));
        String admin = render(withoutSecurity, AdminPage.securityMissing(t));

        assertThat(login).contains("id=\"security-missing\">Le module de sécurité de la plateforme n’est pas démarré")
                .doesNotContain("<form id=\"login-form\"").doesNotContain("login.js");
        assertThat(admin).contains("id=\"security-missing\"").doesNotContain("admin.js").doesNotContain("modules-table");
    }

    @Test
    void theSignInFormPostsToTheAskedPageAndExplainsAMissingRole() {
        Messages.Texts t = messages.in(Language.FR);
        PageRequest anonymous = request(Language.FR, UserIdentity.ANONYMOUS, "/login");
        String form = render(anonymous, LoginPage.render(t, anonymous, "/admin", false));
        assertThat(form).contains("<form id=\"login-form\" class=\"stack-form\" method=\"post\" action=\"/login\" data-next=\"/admin\">")
                .contains("autocomplete=\"current-password\"")
                .contains("role=\"alert\"")
                .contains("/portal/static/login.js?v=1.0.0-test");
        assertNoTextKeyShows(form);

        PageRequest reader = request(Language.FR, READER, "/login");
        assertThat(render(reader, LoginPage.render(t, reader, "/admin", false)))
                .contains("Le compte « lecteur » n’a pas accès à l’administration.");
    }

    @Test
    void theAdministrationFrameHasTheTableTheUploadAndTheAuditTab() {
        Messages.Texts t = messages.in(Language.FR);
        String html = render(request(Language.FR, ADMIN, "/admin"), AdminPage.render(t));

        assertThat(html).contains("<table id=\"modules-table\" class=\"data-table\">")
                .contains("<th scope=\"col\">SHA-256</th>")
                .contains("<input type=\"file\" id=\"deploy-jar\"")
                .contains("<input type=\"checkbox\" id=\"deploy-force\"")
                .contains("role=\"tab\" id=\"tab-audit\"")
                .contains("<dialog id=\"confirm-dialog\"")
                .contains("data-nav-id=\"admin\">Administration</a>")
                .contains("/portal/static/admin.js?v=1.0.0-test");
        assertNoTextKeyShows(html);
    }

    @Test
    void errorPagesSayWhatHappenedWithoutDetails() {
        Messages.Texts t = messages.in(Language.FR);
        String html = render(request(Language.FR, UserIdentity.ANONYMOUS, "/nulle-part"), ErrorPage.render(t, 404, "/nulle-part<b>"));
        assertThat(html).contains("<h1>Page introuvable</h1>").contains("/nulle-part&lt;b&gt;").contains("role=\"search\"");
        assertThat(ErrorPage.render(t, 500, "/").main()).contains("Une erreur est survenue");
        assertNoTextKeyShows(html);
    }
}
