package fr.datagrandest.platform.core.portal;

import java.lang.annotation.Annotation;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;

/** Small real implementations of the contracts the portal uses: plugins' contributions and a territory service. */
final class Fixtures {

    static final Territory GRAND_EST = new Territory(TerritoryLevel.REGION, "44", "Grand Est", 5_568_711);
    static final Territory BAS_RHIN = new Territory(TerritoryLevel.DEPARTEMENT, "67", "Bas-Rhin", 1_152_662);
    static final Territory EUROMETROPOLE = new Territory(TerritoryLevel.EPCI, "246700488", "Eurométropole de Strasbourg", 505_272);
    static final Territory STRASBOURG = new Territory(TerritoryLevel.COMMUNE, "67482", "Strasbourg", 291_313);
    static final Territory SCHILTIGHEIM = new Territory(TerritoryLevel.COMMUNE, "67447", "Schiltigheim", 34_237);
    static final Territory ECKBOLSHEIM = new Territory(TerritoryLevel.COMMUNE, "67118", "Eckbolsheim", 7_085);

    private Fixtures() {
    }

    static PortalContent portal(int timeoutMillis) {
        return new PortalContent(config(timeoutMillis));
    }

    static PortalContent.Config config(int timeoutMillis) {
        return new PortalContent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PortalContent.Config.class;
            }

            @Override
            public int contributionTimeoutMillis() {
                return timeoutMillis;
            }

            @Override
            public int hitsPerSource() {
                return 8;
            }
        };
    }

    static void add(PortalContent portal, String name, PortalContribution contribution) {
        portal.addContribution(contribution, Map.of("component.name", name));
    }

    static NavigationEntry entry(String id, int order, String french, String english) {
        return new NavigationEntry(id, "/" + id, english == null ? Map.of("fr", french) : Map.of("fr", french, "en", english), order);
    }

    /** A plugin's contribution made of plain answers. */
    record Plugin(Supplier<List<NavigationEntry>> entries, BiFunction<String, String, List<PortalLink>> hits,
            BiFunction<Territory, String, List<PortalLink>> offers) implements PortalContribution {

        static Plugin withEntries(NavigationEntry... entries) {
            return new Plugin(() -> List.of(entries), (q, l) -> List.of(), (t, l) -> List.of());
        }

        @Override
        public List<NavigationEntry> navigation() {
            return entries.get();
        }

        @Override
        public List<PortalLink> search(String query, String language, int limit) {
            return hits.apply(query, language);
        }

        @Override
        public List<PortalLink> forTerritory(Territory territory, String language) {
            return offers.apply(territory, language);
        }
    }

    /** The Strasbourg corner of Grand Est, searched by name (accents ignored) or code. */
    static final class SmallTerritories implements TerritoryService {

        private final List<Territory> all = List.of(GRAND_EST, BAS_RHIN, EUROMETROPOLE, STRASBOURG, SCHILTIGHEIM, ECKBOLSHEIM);

        @Override
        public Optional<Territory> get(TerritoryLevel level, String code) {
            return all.stream().filter(t -> t.level() == level && t.code().equals(code)).findFirst();
        }

        @Override
        public List<Territory> search(String query, Optional<TerritoryLevel> level, int limit) {
            String q = plain(query);
            return all.stream().filter(t -> level.isEmpty() || level.get() == t.level())
                    .filter(t -> plain(t.name()).contains(q) || t.code().equals(query)).limit(limit).toList();
        }

        @Override
        public List<Territory> parents(Territory territory) {
            return switch (territory.level()) {
                case COMMUNE -> List.of(EUROMETROPOLE, BAS_RHIN);
                case EPCI -> List.of(BAS_RHIN);
                case DEPARTEMENT -> List.of(GRAND_EST);
                case REGION -> List.of();
            };
        }

        @Override
        public List<Territory> children(Territory territory, TerritoryLevel childLevel) {
            return territory.equals(EUROMETROPOLE) && childLevel == TerritoryLevel.COMMUNE
                    ? List.of(STRASBOURG, SCHILTIGHEIM, ECKBOLSHEIM) : List.of();
        }

        @Override
        public Optional<String> geometryWkt(Territory territory, CoordinateSystem crs) {
            return Optional.empty();
        }

        @Override
        public Optional<double[]> boundingBox(Territory territory, CoordinateSystem crs) {
            return Optional.empty();
        }

        private static String plain(String text) {
            return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        }
    }
}
