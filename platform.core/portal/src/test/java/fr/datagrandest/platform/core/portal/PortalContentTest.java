package fr.datagrandest.platform.core.portal;

import static fr.datagrandest.platform.core.portal.Fixtures.add;
import static fr.datagrandest.platform.core.portal.Fixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.core.portal.Fixtures.Plugin;

class PortalContentTest {

    private static final UserIdentity MODULE_ADMIN = new UserIdentity("alice", Set.of(Roles.MODULE_ADMIN), Set.of());
    private static final UserIdentity READER = new UserIdentity("bob", Set.of(Roles.READER), Set.of());

    private final PortalContent portal = Fixtures.portal(300);

    @AfterEach
    void stop() {
        portal.deactivate();
    }

    private static List<String> labels(List<NavigationItem> items) {
        return items.stream().map(NavigationItem::label).toList();
    }

    @Test
    void withoutAnyContributionOnlyTheKernelEntriesAreThere() {
        assertThat(labels(portal.navigation(Language.FR, UserIdentity.ANONYMOUS))).containsExactly("Accueil");
        assertThat(labels(portal.navigation(Language.EN, MODULE_ADMIN))).containsExactly("Home", "Administration");
        assertThat(portal.pluginNavigation(Language.FR)).isEmpty();
    }

    @Test
    void administrationIsOfferedOnlyToModuleAndPlatformAdministrators() {
        UserIdentity platformAdmin = new UserIdentity("root", Set.of(Roles.PLATFORM_ADMIN), Set.of());
        assertThat(labels(portal.navigation(Language.FR, READER))).doesNotContain("Administration");
        assertThat(labels(portal.navigation(Language.FR, platformAdmin))).endsWith("Administration");
    }

    @Test
    void entriesAreSortedByOrderThenLabelAndShownInTheVisitorsLanguage() {
        add(portal, "maps", Plugin.withEntries(entry("maps", 20, "Cartes", "Maps")));
        add(portal, "catalog", Plugin.withEntries(entry("catalog", 10, "Catalogue", "Catalogue"),
                entry("harvest", 20, "Moissonnage", null)));
        add(portal, "legal", Plugin.withEntries(entry("legal", 5, "Juridique", "Legal")));

        assertThat(labels(portal.navigation(Language.FR, MODULE_ADMIN)))
                .containsExactly("Accueil", "Juridique", "Catalogue", "Cartes", "Moissonnage", "Administration");
        // "Moissonnage" has no English label: the French one stands in.
        assertThat(labels(portal.navigation(Language.EN, UserIdentity.ANONYMOUS)))
                .containsExactly("Home", "Legal", "Catalogue", "Maps", "Moissonnage");
    }

    @Test
    void aContributionThatThrowsIsLeftOutAndTheOthersStay() {
        add(portal, "catalog", Plugin.withEntries(entry("catalog", 10, "Catalogue", "Catalogue")));
        add(portal, "broken", new Plugin(() -> {
            throw new IllegalStateException("database down");
        }, (q, l) -> List.of(), (t, l) -> List.of()));
        add(portal, "stopped", new Plugin(() -> {
            throw new NoClassDefFoundError("fr/datagrandest/plugin/maps/Layer"); // its bundle went away mid-call
        }, (q, l) -> List.of(), (t, l) -> List.of()));

        assertThat(labels(portal.navigation(Language.FR, UserIdentity.ANONYMOUS))).containsExactly("Accueil", "Catalogue");
    }

    @Test
    void aContributionTooSlowToAnswerIsLeftOutWithoutStallingThePage() {
        add(portal, "catalog", Plugin.withEntries(entry("catalog", 10, "Catalogue", "Catalogue")));
        add(portal, "slow", new Plugin(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(entry("slow", 1, "Lent", "Slow"));
        }, (q, l) -> List.of(), (t, l) -> List.of()));

        long started = System.nanoTime();
        List<NavigationItem> items = portal.navigation(Language.FR, UserIdentity.ANONYMOUS);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(labels(items)).containsExactly("Accueil", "Catalogue");
        assertThat(millis).isLessThan(3_000);
    }

    @Test
    void aContributionThatGoesAwayDisappearsFromTheNextPage() {
        Plugin maps = Plugin.withEntries(entry("maps", 20, "Cartes", "Maps"));
        add(portal, "maps", maps);
        assertThat(labels(portal.navigation(Language.FR, UserIdentity.ANONYMOUS))).contains("Cartes");

        portal.removeContribution(maps);

        assertThat(labels(portal.navigation(Language.FR, UserIdentity.ANONYMOUS))).containsExactly("Accueil");
    }

    @Test
    void linksThatAreNeitherPathsNorWebAddressesAreDropped() {
        add(portal, "odd", new Plugin(() -> List.of(new NavigationEntry("x", "javascript:alert(1)", java.util.Map.of("fr", "X"), 1),
                entry("ok", 2, "Correct", null)),
                (q, l) -> List.of(new PortalLink("piège", "//evil.example", "", "X"), new PortalLink("bon", "/ok", "", "X")),
                (t, l) -> List.of()));
        assertThat(labels(portal.pluginNavigation(Language.FR))).containsExactly("Correct");
        assertThat(portal.search("eau", Language.FR).hits()).extracting(PortalLink::title).containsExactly("bon");
    }

    @Test
    void nullAnswersAndNullItemsAreTolerated() {
        List<NavigationEntry> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(entry("catalog", 10, "Catalogue", null));
        add(portal, "sloppy", new Plugin(() -> withNull, (q, l) -> null, (t, l) -> null));

        assertThat(labels(portal.pluginNavigation(Language.FR))).containsExactly("Catalogue");
        assertThat(portal.search("eau", Language.FR).isEmpty()).isTrue();
    }

    @Test
    void searchGathersEveryPluginsHitsInTheirLanguageAndTheTerritories() {
        add(portal, "catalog", new Plugin(List::of,
                (q, l) -> List.of(new PortalLink(l.equals("fr") ? "Qualité de l'eau à " + q : "Water quality in " + q,
                        "/catalog/records/1", "", "Catalogue")), (t, l) -> List.of()));
        add(portal, "broken", new Plugin(List::of, (q, l) -> {
            throw new IllegalStateException("index closed");
        }, (t, l) -> List.of()));

        SearchResults withoutTerritories = portal.search("Strasbourg", Language.EN);
        assertThat(withoutTerritories.hits()).extracting(PortalLink::title).containsExactly("Water quality in Strasbourg");
        assertThat(withoutTerritories.territories()).isEmpty();

        portal.territories = new Fixtures.SmallTerritories();
        SearchResults found = portal.search("strasbourg", Language.FR);
        assertThat(found.hits()).extracting(PortalLink::title).containsExactly("Qualité de l'eau à strasbourg");
        assertThat(found.territories()).containsExactly(Fixtures.EUROMETROPOLE, Fixtures.STRASBOURG);
    }

    @Test
    void queriesAreTrimmedAndBounded() {
        assertThat(PortalContent.cleanQuery("  saint   dié ")).contains("saint dié");
        assertThat(PortalContent.cleanQuery("   ")).isEmpty();
        assertThat(PortalContent.cleanQuery(null)).isEmpty();
        assertThat(PortalContent.cleanQuery("x".repeat(500)).orElseThrow()).hasSize(PortalContent.MAX_QUERY_LENGTH);
    }

    @Test
    void aTerritoryShowsWhatEachPluginOffersAndHowItNests() {
        portal.territories = new Fixtures.SmallTerritories();
        add(portal, "ocs", new Plugin(List::of, (q, l) -> List.of(),
                (t, l) -> List.of(new PortalLink("Artificialisation de " + t.name(), "/ocs/" + t.code(), "2011-2021", "OCS GE"))));

        TerritoryOverview epci = portal.territory(TerritoryLevel.EPCI, "246700488", Language.FR).orElseThrow();

        assertThat(epci.known()).isTrue();
        assertThat(epci.territory().name()).isEqualTo("Eurométropole de Strasbourg");
        assertThat(epci.offers()).extracting(PortalLink::title).containsExactly("Artificialisation de Eurométropole de Strasbourg");
        assertThat(epci.parents()).containsExactly(Fixtures.BAS_RHIN);
        assertThat(epci.childLevel()).contains(TerritoryLevel.COMMUNE);
        assertThat(epci.children()).extracting(Territory::name).containsExactly("Eckbolsheim", "Schiltigheim", "Strasbourg");
        assertThat(portal.territory(TerritoryLevel.COMMUNE, "99999", Language.FR)).isEmpty();
    }

    @Test
    void withoutTheTerritoryServiceAPluginIsStillAskedWithTheCode() {
        add(portal, "ocs", new Plugin(List::of, (q, l) -> List.of(),
                (t, l) -> List.of(new PortalLink("Indicateurs " + t.code(), "/ocs/" + t.code(), "", "OCS GE"))));

        Optional<TerritoryOverview> overview = portal.territory(TerritoryLevel.COMMUNE, "67482", Language.FR);

        assertThat(overview).isPresent();
        assertThat(overview.get().known()).isFalse();
        assertThat(overview.get().offers()).extracting(PortalLink::title).containsExactly("Indicateurs 67482");
        assertThat(overview.get().parents()).isEmpty();
        assertThat(portal.territoriesAvailable()).isFalse();
        assertThat(portal.findTerritories("Strasbourg", Optional.empty())).isEmpty();
    }
}
