package fr.datagrandest.platform.core.territories;

import static fr.datagrandest.platform.api.territory.TerritoryLevel.COMMUNE;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.DEPARTEMENT;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.EPCI;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.REGION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/** The bundled COG 2026 data: counts, nesting and search, against the figures the data set publishes. */
class TerritoryIndexTest {

    private static TerritoryIndex index;

    @BeforeAll
    static void load() throws Exception {
        index = new TerritoryIndex(AdminData.readBundled());
    }

    @Test
    void countsEachLevel() {
        assertEquals(5115, index.count(COMMUNE));
        assertEquals(150, index.count(EPCI));
        assertEquals(10, index.count(DEPARTEMENT));
        assertEquals(1, index.count(REGION));
    }

    @Test
    void countsTheCommunesOfEachDepartement() {
        Map<String, Integer> expected = Map.of("08", 447, "10", 431, "51", 610, "52", 426, "54", 591, "55", 499,
                "57", 725, "67", 514, "68", 366, "88", 506);
        expected.forEach((code, communes) -> assertEquals(communes,
                index.children(departement(code), COMMUNE).size(), "communes of " + code));
    }

    @Test
    void regionHoldsEverythingAndSumsThePopulation() {
        Territory region = index.get(REGION, "44").orElseThrow();
        assertEquals("Grand Est", region.name());
        assertEquals(5_563_378, region.population());
        assertEquals(10, index.children(region, DEPARTEMENT).size());
        assertEquals(150, index.children(region, EPCI).size());
        assertEquals(5115, index.children(region, COMMUNE).size());
        assertEquals(List.of(), index.parents(region));
        assertEquals(List.of(region), index.parents(departement("57")));
    }

    @Test
    void strasbourgLiesInItsEurometropoleAndTheBasRhin() {
        Territory strasbourg = index.get(COMMUNE, "67482").orElseThrow();
        assertEquals("Strasbourg", strasbourg.name());
        List<Territory> parents = index.parents(strasbourg);
        assertEquals(List.of(EPCI, DEPARTEMENT), parents.stream().map(Territory::level).toList());
        assertEquals("246700488", parents.get(0).code());
        assertEquals("Eurométropole de Strasbourg", parents.get(0).name());
        assertEquals("67", parents.get(1).code());
        assertEquals("Bas-Rhin", parents.get(1).name());
        List<Territory> members = index.children(parents.get(0), COMMUNE);
        assertEquals(33, members.size());
        assertTrue(members.contains(strasbourg));
        assertTrue(index.children(parents.get(1), EPCI).contains(parents.get(0)));
    }

    @Test
    void theCrossBorderEpciLiesInHauteMarneAndHauteSaone() {
        Territory savoirFaire = index.get(EPCI, "200070332").orElseThrow();
        assertEquals("CC des Savoir-Faire", savoirFaire.name());
        List<Territory> departements = index.parents(savoirFaire);
        assertEquals(List.of("52", "70"), departements.stream().map(Territory::code).toList());
        assertEquals("Haute-Saône", departements.get(1).name());
        assertTrue(departements.stream().allMatch(d -> d.level() == DEPARTEMENT));
        // Its Haute-Saône communes are outside Grand Est: only its 60 Grand Est members are known.
        assertEquals(60, index.children(savoirFaire, COMMUNE).size());
        assertTrue(index.children(departement("52"), EPCI).contains(savoirFaire));
        assertEquals(Optional.empty(), index.get(DEPARTEMENT, "70"));
    }

    @Test
    void everyCommuneBelongsToExactlyOneEpciListedUnderItsDepartements() {
        int members = 0;
        for (Territory epci : index.children(index.get(REGION, "44").orElseThrow(), EPCI)) {
            List<Territory> communes = index.children(epci, COMMUNE);
            assertFalse(communes.isEmpty(), epci.name() + " has no commune");
            members += communes.size();
            for (Territory commune : communes) {
                assertTrue(index.parents(epci).contains(index.parents(commune).get(1)),
                        commune.name() + " lies in a département its EPCI does not list");
            }
        }
        assertEquals(5115, members);
    }

    @Test
    void childrenAreSortedByNameAndNothingIsInsideACommune() {
        List<String> names = index.children(departement("67"), EPCI).stream().map(t -> SearchText.fold(t.name())).toList();
        assertEquals(names.stream().sorted().toList(), names);
        assertEquals(List.of(), index.children(index.get(COMMUNE, "67482").orElseThrow(), COMMUNE));
        assertEquals(List.of(), index.children(departement("67"), REGION));
    }

    @ParameterizedTest(name = "\"{0}\" finds {2} first")
    @CsvSource(delimiter = '|', value = {
            "metz              | COMMUNE     | 57463",
            "Metz              | COMMUNE     | 57463",
            "saint die         | COMMUNE     | 88413",
            "SAINT-DIÉ         | COMMUNE     | 88413",
            "l'hopital         | COMMUNE     | 57336",
            "L’Hôpital         | COMMUNE     | 57336",
            "strasbourg        | COMMUNE     | 67482",
            "oeuilly           | COMMUNE     | 51410",
            "67482             | COMMUNE     | 67482",
            "200070332         | EPCI        | 200070332",
            "57                | DEPARTEMENT | 57",
            "44                | REGION      | 44",
            "grand est         | REGION      | 44",
            "bas rhin          | DEPARTEMENT | 67",
            "eurometropole     | EPCI        | 246700488"})
    void findsByNameOrCode(String query, TerritoryLevel level, String code) {
        List<Territory> found = index.search(query, Optional.empty(), 10);
        assertFalse(found.isEmpty(), "nothing found for " + query);
        assertEquals(level, found.get(0).level(), query);
        assertEquals(code, found.get(0).code(), query);
    }

    @Test
    void ranksExactNamesThenPrefixesThenWords() {
        List<String> hopital = codes(index.search("l'hopital", Optional.empty(), 10));
        assertEquals("57336", hopital.get(0));
        assertTrue(hopital.contains("10326"), "Rosnay-l'Hôpital is found by its words: " + hopital);

        List<Territory> metz = index.search("metz", Optional.empty(), 10);
        assertEquals(List.of("57463", "200039865"), codes(metz.subList(0, 2)), "Metz, then Metz Métropole");
        assertTrue(metz.stream().allMatch(t -> SearchText.fold(t.name()).contains("metz")));

        // "Eurométropole de Strasbourg" matches by a word, after the commune named exactly so
        List<Territory> strasbourg = index.search("strasbourg", Optional.empty(), 10);
        assertEquals(List.of("67482", "246700488"), codes(strasbourg.subList(0, 2)));
    }

    @Test
    void filtersByLevelAndLimits() {
        List<Territory> epcis = index.search("strasbourg", Optional.of(EPCI), 10);
        assertEquals(List.of("246700488"), codes(epcis));
        assertEquals(3, index.search("saint", Optional.of(COMMUNE), 3).size());
        assertEquals(List.of(), index.search("57", Optional.of(COMMUNE), 10));
        assertEquals(List.of(), index.search("  ", Optional.empty(), 10));
        assertEquals(List.of(), index.search("metz", Optional.empty(), 0));
        assertEquals(List.of(), index.search("zzzz", Optional.empty(), 10));
    }

    @Test
    void findsAFormerCommuneByItsNameOrCode() {
        // Les Alleux (08007) is now a commune déléguée of Bairon et ses environs (08116)
        assertEquals(List.of("08116"), codes(index.search("08007", Optional.empty(), 5)));
        assertEquals("08116", index.search("les alleux", Optional.empty(), 5).get(0).code());
        assertEquals(Optional.empty(), index.get(COMMUNE, "08007"));
    }

    private static Territory departement(String code) {
        return index.get(DEPARTEMENT, code).orElseThrow();
    }

    private static List<String> codes(List<Territory> territories) {
        return territories.stream().map(Territory::code).toList();
    }
}
