package fr.datagrandest.platform.core.territories;

import static fr.datagrandest.platform.api.territory.TerritoryLevel.COMMUNE;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.DEPARTEMENT;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.EPCI;
import static fr.datagrandest.platform.api.territory.TerritoryLevel.REGION;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/**
 * The territories of Grand Est, how they nest and how they are found by name or code. Built once from
 * {@link AdminData}; immutable afterwards, so it is safe to share between threads.
 * <p>
 * Nesting: a commune lies in one EPCI and one département; an EPCI lies in the départements of its member
 * communes (one may be outside Grand Est); a département lies in the région, which holds every territory.
 * Lists of children are sorted by name.
 */
final class TerritoryIndex {

    /** A territory with its parents and, by level, its children. */
    private static final class Node {
        final Territory territory;
        List<Territory> parents = List.of();
        final Map<TerritoryLevel, List<Territory>> children = new EnumMap<>(TerritoryLevel.class);

        Node(Territory territory) {
            this.territory = territory;
        }
    }

    /** A name under which a territory can be found: its own name or, for a commune, a former commune's. */
    private record Name(Node node, String folded, String[] words, boolean former) {
    }

    private record Match(Name name, int rank) {
    }

    private static final int EXACT = 0;
    private static final int PREFIX = 1;
    private static final int WORDS = 2;
    private static final int NO_MATCH = -1;

    private static final Comparator<Match> BEST_FIRST = Comparator.comparingInt(Match::rank)
            .thenComparing(m -> m.name().former())
            .thenComparing(m -> -m.name().node().territory.population())
            .thenComparing(m -> m.name().folded())
            .thenComparing(m -> m.name().node().territory.code());

    private final Map<TerritoryLevel, Map<String, Node>> byCode = new EnumMap<>(TerritoryLevel.class);
    private final Map<String, Node> byFormerCode = new HashMap<>();
    private final List<Name> names = new ArrayList<>();

    TerritoryIndex(AdminData data) {
        Map<String, Long> populationByDepartement = new HashMap<>();
        long regionPopulation = 0;
        for (AdminData.Commune commune : data.communes()) {
            populationByDepartement.merge(commune.departement(), commune.population(), Long::sum);
            regionPopulation += commune.population();
        }
        Node region = new Node(new Territory(REGION, data.region().code(), data.region().name(), regionPopulation));
        Map<String, Node> departements = nodes(data.departements(), d -> new Territory(DEPARTEMENT, d.code(),
                d.name(), populationByDepartement.getOrDefault(d.code(), 0L)));
        Map<String, Node> neighbours = nodes(data.neighbourDepartements(),
                d -> new Territory(DEPARTEMENT, d.code(), d.name(), 0));
        Map<String, Node> epcis = nodes(data.epcis(), e -> new Territory(EPCI, e.siren(), e.name(), e.population()));
        Map<String, Node> communes = nodes(data.communes(),
                c -> new Territory(COMMUNE, c.code(), c.name(), c.population()));
        byCode.put(REGION, Map.of(region.territory.code(), region));
        byCode.put(DEPARTEMENT, departements);
        byCode.put(EPCI, epcis);
        byCode.put(COMMUNE, communes);

        for (Node departement : departements.values()) {
            departement.parents = List.of(region.territory);
        }
        for (AdminData.Epci epci : data.epcis()) {
            List<Territory> parents = new ArrayList<>();
            for (String code : epci.departements()) {
                Node departement = departements.containsKey(code) ? departements.get(code)
                        : required(neighbours, code, "département of EPCI " + epci.siren());
                parents.add(departement.territory);
            }
            epcis.get(epci.siren()).parents = List.copyOf(parents);
        }
        for (AdminData.Commune commune : data.communes()) {
            communes.get(commune.code()).parents = List.of(
                    required(epcis, commune.epciSiren(), "EPCI of commune " + commune.code()).territory,
                    required(departements, commune.departement(), "département of commune " + commune.code()).territory);
        }

        for (Map<String, Node> level : byCode.values()) {
            for (Node node : level.values()) {
                names.add(name(node, node.territory.name(), false));
            }
        }
        // Sorted once by name: the lists of children, filled in this order, come out sorted too.
        names.sort(Comparator.comparing(Name::folded).thenComparing(n -> n.node().territory.code()));
        for (Name name : names) {
            Territory territory = name.node().territory;
            if (territory.level() != REGION) {
                addChild(region, territory);
            }
            for (Territory parent : name.node().parents) {
                Node parentNode = byCode.get(parent.level()).get(parent.code());
                if (parentNode != null && parentNode != region) {
                    addChild(parentNode, territory);
                }
            }
        }
        for (Map<String, Node> level : byCode.values()) {
            for (Node node : level.values()) {
                node.children.replaceAll((childLevel, children) -> List.copyOf(children));
            }
        }

        for (AdminData.FormerCommune former : data.formerCommunes()) {
            Node current = required(communes, former.currentCode(), "commune of former commune " + former.code());
            byFormerCode.putIfAbsent(former.code(), current);
            names.add(name(current, former.name(), true));
        }
    }

    Optional<Territory> get(TerritoryLevel level, String code) {
        return node(level, code).map(node -> node.territory);
    }

    int count(TerritoryLevel level) {
        return byCode.get(level).size();
    }

    /**
     * Territories whose official code is the query (or, for a commune, whose former commune has it), then those
     * whose folded name equals the folded query, starts with it, or has words starting with each of its words;
     * within each group, own names before former communes' names, then the most populated first.
     */
    List<Territory> search(String query, Optional<TerritoryLevel> level, int limit) {
        if (query == null || query.isBlank() || limit <= 0) {
            return List.of();
        }
        Set<TerritoryLevel> levels = level.map(EnumSet::of).orElse(EnumSet.allOf(TerritoryLevel.class));
        Set<Territory> found = new LinkedHashSet<>();
        String code = query.strip();
        for (TerritoryLevel candidate : levels) {
            node(candidate, code).ifPresent(node -> found.add(node.territory));
        }
        if (levels.contains(COMMUNE) && byFormerCode.containsKey(code)) {
            found.add(byFormerCode.get(code).territory);
        }
        String folded = SearchText.fold(query);
        String[] words = SearchText.words(folded);
        List<Match> matches = new ArrayList<>();
        if (!folded.isEmpty()) {
            for (Name name : names) {
                if (levels.contains(name.node().territory.level())) {
                    int rank = rank(name, folded, words);
                    if (rank != NO_MATCH) {
                        matches.add(new Match(name, rank));
                    }
                }
            }
        }
        matches.sort(BEST_FIRST);
        for (int i = 0; i < matches.size() && found.size() < limit; i++) {
            found.add(matches.get(i).name().node().territory);
        }
        return found.stream().limit(limit).toList();
    }

    List<Territory> parents(Territory territory) {
        return node(territory.level(), territory.code()).map(node -> node.parents).orElse(List.of());
    }

    List<Territory> children(Territory territory, TerritoryLevel childLevel) {
        return node(territory.level(), territory.code())
                .map(node -> node.children.getOrDefault(childLevel, List.of()))
                .orElse(List.of());
    }

    private Optional<Node> node(TerritoryLevel level, String code) {
        return level == null || code == null ? Optional.empty() : Optional.ofNullable(byCode.get(level).get(code.strip()));
    }

    private static int rank(Name name, String query, String[] queryWords) {
        if (name.folded().equals(query)) {
            return EXACT;
        }
        if (name.folded().startsWith(query)) {
            return PREFIX;
        }
        for (String queryWord : queryWords) {
            if (!hasWordStartingWith(name.words(), queryWord)) {
                return NO_MATCH;
            }
        }
        return WORDS;
    }

    private static boolean hasWordStartingWith(String[] words, String prefix) {
        for (String word : words) {
            if (word.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Name name(Node node, String name, boolean former) {
        String folded = SearchText.fold(name);
        return new Name(node, folded, SearchText.words(folded), former);
    }

    private static void addChild(Node parent, Territory child) {
        parent.children.computeIfAbsent(child.level(), k -> new ArrayList<>()).add(child);
    }

    private static <T> Map<String, Node> nodes(List<T> rows, Function<T, Territory> territory) {
        Map<String, Node> nodes = new HashMap<>();
        for (T row : rows) {
            Territory value = territory.apply(row);
            if (nodes.put(value.code(), new Node(value)) != null) {
                throw new IllegalArgumentException("two " + value.level().name().toLowerCase(Locale.ROOT)
                        + " rows have the code " + value.code());
            }
        }
        return nodes;
    }

    private static Node required(Map<String, Node> nodes, String code, String what) {
        Node node = nodes.get(code);
        if (node == null) {
            throw new IllegalArgumentException("no " + what + " '" + code + "' in the data");
        }
        return node;
    }
}
