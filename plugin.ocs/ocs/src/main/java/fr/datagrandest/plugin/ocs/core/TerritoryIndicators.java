package fr.datagrandest.plugin.ocs.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * Computes the indicators of a territory (any set of communes) from the per-commune surfaces and flows:
 * surfaces per cover and use class, artificialised and impervious surfaces, flows between two vintages,
 * ENAF consumption and the ZAN trajectory. Each département of the territory uses its own vintages; yearly
 * rates are normalised by the number of years between them.
 */
final class TerritoryIndicators {

    /** Start and end of the ZAN reference period and of the first ten-year period. */
    static final int ZAN_START = 2021;
    static final double COMMUNE_MINIMUM_M2 = 10_000;

    private final DataSource dataSource;
    private final Nomenclatures nomenclatures;

    TerritoryIndicators(DataSource dataSource, Nomenclatures nomenclatures) {
        this.dataSource = dataSource;
        this.nomenclatures = nomenclatures;
    }

    private record Vintage(int year, String matrix, String nomenclature, boolean synthetic) {
    }

    /** Per-département choice of vintages. */
    private record Period(String departement, Vintage from, Vintage to) {
        int years() {
            return to.year() - from.year();
        }
    }

    /**
     * The indicators of the territory made of these communes.
     *
     * @param from wished first vintage year, or null for the earliest of each département
     * @param to   wished last vintage year, or null for the latest
     */
    Map<String, Object> compute(String level, String code, String name, Collection<String> communeCodes,
            Integer from, Integer to) {
        if (from != null && to != null && from > to) {
            throw new OcsInputException(400, "from (" + from + ") is after to (" + to + ")");
        }
        Set<String> communes = new HashSet<>(communeCodes);
        Map<String, List<String>> byDepartement = new TreeMap<>();
        for (String c : communes) {
            byDepartement.computeIfAbsent(c.substring(0, 2), k -> new ArrayList<>()).add(c);
        }
        try (Connection c = dataSource.getConnection()) {
            List<Period> periods = new ArrayList<>();
            List<String> withoutData = new ArrayList<>();
            for (String dep : byDepartement.keySet()) {
                List<Vintage> vintages = vintages(c, dep);
                if (vintages.isEmpty()) {
                    withoutData.add(dep);
                    continue;
                }
                periods.add(new Period(dep, closest(vintages, from, true), closest(vintages, to, false)));
            }
            if (periods.isEmpty()) {
                throw new OcsInputException(404, "no OCS GE vintage is imported for " + level + " " + code
                        + " (départements " + byDepartement.keySet() + ")");
            }
            Map<String, double[]> cover = new TreeMap<>(Nomenclatures::compareCodes);
            Map<String, double[]> use = new TreeMap<>(Nomenclatures::compareCodes);
            double[] total = new double[2];
            double[] artificialised = new double[2];
            double[] impervious = new double[2];
            double artificialisation = 0;
            double deArtificialisation = 0;
            double enaf = 0;
            double consumedSince2021 = 0;
            double annualRate = 0;
            double allowance = 0;
            double reference = 0;
            Map<String, Double> coverFlows = new HashMap<>();
            List<Map<String, Object>> sources = new ArrayList<>();
            // the Cerema figures, where imported, replace the OCS GE estimate of each commune's ZAN reference
            Map<String, Map<Integer, double[]>> ff = FichiersFonciers.of(c, communes);
            Map<Integer, double[]> ffYearly = new TreeMap<>();
            ff.values().forEach(years -> years.forEach((y, v) -> {
                double[] sum = ffYearly.computeIfAbsent(y, k -> new double[v.length]);
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
            }));
            double nonFfRate = 0;
            for (Period p : periods) {
                ArtificialisationMatrix matrix = nomenclatures.matrix(p.to().matrix())
                        .orElse(nomenclatures.defaultMatrix());
                Set<String> depCommunes = new HashSet<>(byDepartement.get(p.departement()));
                int[] years = {p.from().year(), p.to().year()};
                for (int i = 0; i < 2; i++) {
                    for (Object[] s : surfaces(c, p.departement(), years[i], depCommunes)) {
                        if (!depCommunes.contains((String) s[0])) {
                            continue;
                        }
                        double area = (Double) s[4];
                        cover.computeIfAbsent((String) s[1], k -> new double[2])[i] += area;
                        use.computeIfAbsent((String) s[2], k -> new double[2])[i] += area;
                        total[i] += area;
                        artificialised[i] += (Boolean) s[3] ? area : 0;
                        impervious[i] += matrix.impervious((String) s[1]) ? area : 0;
                    }
                }
                Map<String, Object> source = new LinkedHashMap<>();
                source.put("departement", p.departement());
                source.put("from", p.from().year());
                source.put("to", p.to().year());
                source.put("nomenclature", p.to().nomenclature());
                source.put("matrix", p.to().matrix());
                source.put("synthetic", p.from().synthetic() || p.to().synthetic());
                source.put("communes", depCommunes.size());
                sources.add(source);
                if (p.years() <= 0) {
                    // no OCS GE flows: only the communes with fichiers fonciers have a ZAN reference
                    for (String commune : depCommunes) {
                        if (ff.containsKey(commune)) {
                            double communeReference = ffSum(ff.get(commune), REFERENCE_START, ZAN_START);
                            reference += communeReference;
                            allowance += Math.max(communeReference / 2, COMMUNE_MINIMUM_M2);
                            consumedSince2021 += ffSum(ff.get(commune), ZAN_START, Integer.MAX_VALUE);
                        }
                    }
                    continue;
                }
                Map<String, Double> consumptionByCommune = new HashMap<>();
                for (Object[] f : flows(c, p.departement(), p.from().year(), p.to().year(), depCommunes)) {
                    String commune = (String) f[0];
                    if (!depCommunes.contains(commune)) {
                        continue;
                    }
                    double area = (Double) f[7];
                    boolean af = (Boolean) f[3];
                    boolean at = (Boolean) f[6];
                    artificialisation += !af && at ? area : 0;
                    deArtificialisation += af && !at ? area : 0;
                    if (matrix.enaf((String) f[2]) && !matrix.enaf((String) f[5])) {
                        enaf += area;
                        consumptionByCommune.merge(commune, area, Double::sum);
                    }
                    if (!f[1].equals(f[4])) {
                        coverFlows.merge(f[1] + " → " + f[4], area, Double::sum);
                    }
                }
                double depConsumption = consumptionByCommune.values().stream().mapToDouble(Double::doubleValue).sum();
                double rate = depConsumption / p.years();
                annualRate += rate;
                double depNonFf = consumptionByCommune.entrySet().stream().filter(e -> !ff.containsKey(e.getKey()))
                        .mapToDouble(Map.Entry::getValue).sum();
                nonFfRate += depNonFf / p.years();
                consumedSince2021 += depNonFf / p.years()
                        * Math.max(0, p.to().year() - Math.max(ZAN_START, p.from().year()));
                for (String commune : depCommunes) {
                    double communeReference;
                    if (ff.containsKey(commune)) {
                        communeReference = ffSum(ff.get(commune), REFERENCE_START, ZAN_START);
                        consumedSince2021 += ffSum(ff.get(commune), ZAN_START, Integer.MAX_VALUE);
                    } else {
                        communeReference = 10 * consumptionByCommune.getOrDefault(commune, 0.0) / p.years();
                    }
                    reference += communeReference;
                    allowance += Math.max(communeReference / 2, COMMUNE_MINIMUM_M2);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> territory = new LinkedHashMap<>();
            territory.put("level", level);
            territory.put("code", code);
            territory.put("name", name);
            territory.put("communes", communes.size());
            out.put("territory", territory);
            boolean synthetic = sources.stream().anyMatch(s -> (Boolean) s.get("synthetic"));
            out.put("synthetic", synthetic);
            if (synthetic) {
                out.put("warning", "Données synthétiques : chiffres de démonstration, pas l'occupation réelle du sol.");
            }
            out.put("sources", sources);
            Set<String> pairs = new HashSet<>();
            periods.forEach(p -> pairs.add(p.from().year() + "-" + p.to().year()));
            out.put("mixedVintages", pairs.size() > 1);
            if (pairs.size() > 1) {
                out.put("vintageNote", "Les départements du territoire n'ont pas les mêmes millésimes : les surfaces"
                        + " additionnent des années différentes et les flux sont ramenés à des taux annuels.");
            }
            out.put("departementsWithoutData", withoutData);
            Set<String> matrices = new HashSet<>();
            periods.forEach(p -> matrices.add(p.to().matrix()));
            out.put("matrix", String.join(",", new java.util.TreeSet<>(matrices)));
            out.put("nomenclature", nomenclatures.nomenclatureOf(nomenclatures.matrix(periods.get(0).to().matrix())
                    .orElse(nomenclatures.defaultMatrix())).id());
            out.put("area", total[1]);
            out.put("cover", classes(cover, nomenclatures.nomenclatureOf(nomenclatures.defaultMatrix()).covers()));
            out.put("use", classes(use, nomenclatures.nomenclatureOf(nomenclatures.defaultMatrix()).uses()));
            out.put("artificialised", Map.of("from", share(artificialised[0], total[0]),
                    "to", share(artificialised[1], total[1])));
            out.put("impervious", Map.of("from", share(impervious[0], total[0]),
                    "to", share(impervious[1], total[1])));
            out.put("flows", flows(artificialisation, deArtificialisation, coverFlows));
            Map<String, Object> enafOut = new LinkedHashMap<>();
            enafOut.put("consumption", enaf);
            enafOut.put("annualRate", annualRate);
            enafOut.put("source", "flux OCS GE (usage ENAF → usage non ENAF)");
            int ffCommunes = (int) communes.stream().filter(ff::containsKey).count();
            if (ffCommunes > 0) {
                Map<String, Object> ffOut = new LinkedHashMap<>();
                ffOut.put("source", "fichiers fonciers (Cerema), consommation d'ENAF par commune et par année");
                ffOut.put("communes", ffCommunes);
                ffOut.put("communesWithout", communes.size() - ffCommunes);
                List<Map<String, Object>> yearly = new ArrayList<>();
                ffYearly.forEach((y, v) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("year", y);
                    m.put("total", v[0]);
                    for (int i = 0; i < FichiersFonciers.DESTINATIONS.size(); i++) {
                        m.put(FF_DESTINATION_NAMES.get(i), v[1 + i]);
                    }
                    yearly.add(m);
                });
                ffOut.put("yearly", yearly);
                enafOut.put("fichiersFonciers", ffOut);
            }
            out.put("enaf", enafOut);
            Map<String, Object> zan = zan(reference, allowance, consumedSince2021, annualRate, periods);
            if (ffCommunes > 0) {
                zan.put("method", "Consommation 2011-2021 des fichiers fonciers du Cerema pour " + ffCommunes
                        + " commune(s)" + (ffCommunes < communes.size() ? ", estimée au rythme annuel observé entre"
                        + " les millésimes OCS GE pour les " + (communes.size() - ffCommunes) + " autre(s)" : "")
                        + " ; enveloppe 2021-2031 = moitié de cette consommation, au moins 1 ha par commune"
                        + " (garantie communale).");
                zan.put("trajectory", trajectory(allowance, ffYearly, nonFfRate, periods));
            }
            zan.put("referenceSources", Map.of("fichiersFonciers", ffCommunes,
                    "ocsEstimate", communes.size() - ffCommunes));
            out.put("zan", zan);
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the indicators: " + e.getMessage(), e);
        }
    }

    /**
     * Per commune of the département: {total area, artificialised area} at the vintage closest to the year
     * (latest when null), for maps. Empty when the département has no vintage.
     */
    Map<String, double[]> artificialisedByCommune(String departement, Integer year) {
        Map<String, double[]> result = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            List<Vintage> vintages = vintages(c, departement);
            if (vintages.isEmpty()) {
                return result;
            }
            int chosen = closest(vintages, year, false).year();
            try (PreparedStatement s = c.prepareStatement("SELECT commune, sum(area),"
                    + " sum(CASE WHEN artificialised THEN area ELSE 0 END) FROM surface"
                    + " WHERE departement = ? AND millesime = ? GROUP BY commune")) {
                s.setString(1, departement);
                s.setInt(2, chosen);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3), chosen});
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the surfaces: " + e.getMessage(), e);
        }
        return result;
    }

    /** The first year of the ZAN reference period (1 January 2011 to 1 January 2021). */
    static final int REFERENCE_START = 2011;
    private static final List<String> FF_DESTINATION_NAMES = List.of("activite", "habitat", "mixte", "routes",
            "ferroviaire", "inconnu");

    /** The consumption of the years from (included) to (excluded) of one commune's fichiers fonciers. */
    private static double ffSum(Map<Integer, double[]> years, int from, int to) {
        double sum = 0;
        for (Map.Entry<Integer, double[]> e : years.entrySet()) {
            if (e.getKey() >= from && e.getKey() < to) {
                sum += e.getValue()[0];
            }
        }
        return sum;
    }

    /**
     * The trajectory when fichiers fonciers are imported: their yearly consumption where they have it (then
     * their mean of the last three years), plus the OCS GE rate of the other communes.
     */
    private static List<Map<String, Object>> trajectory(double allowance, Map<Integer, double[]> ffYearly,
            double nonFfRate, List<Period> periods) {
        int ffLast = ffYearly.keySet().stream().mapToInt(Integer::intValue).max().orElse(ZAN_START - 1);
        double ffRate = ffYearly.entrySet().stream().filter(e -> e.getKey() > ffLast - 3)
                .mapToDouble(e -> e.getValue()[0]).average().orElse(0);
        int observedUntil = Math.max(ffLast + 1, periods.stream().mapToInt(p -> p.to().year()).max()
                .orElse(ZAN_START));
        List<Map<String, Object>> trajectory = new ArrayList<>();
        double consumed = 0;
        for (int year = ZAN_START; year <= ZAN_START + 10; year++) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("year", year);
            point.put("allowance", allowance * (year - ZAN_START) / 10.0);
            point.put("consumption", consumed + nonFfRate * (year - ZAN_START));
            point.put("observed", year <= observedUntil);
            trajectory.add(point);
            double[] v = ffYearly.get(year);
            consumed += v != null ? v[0] : year > ffLast ? ffRate : 0;
        }
        return trajectory;
    }

    private static Map<String, Object> zan(double reference, double allowance, double consumed, double rate,
            List<Period> periods) {
        Map<String, Object> zan = new LinkedHashMap<>();
        zan.put("reference2011to2021", reference);
        zan.put("allowance2021to2031", allowance);
        zan.put("consumedSince2021", consumed);
        zan.put("method", "Consommation 2011-2021 estimée au rythme annuel observé entre les millésimes OCS GE"
                + " (les fichiers fonciers du Cerema ne sont pas importés) ; enveloppe 2021-2031 = moitié de"
                + " cette consommation, au moins 1 ha par commune (garantie communale).");
        int observedUntil = periods.stream().mapToInt(p -> p.to().year()).max().orElse(ZAN_START);
        List<Map<String, Object>> trajectory = new ArrayList<>();
        for (int year = ZAN_START; year <= ZAN_START + 10; year++) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("year", year);
            point.put("allowance", allowance * (year - ZAN_START) / 10.0);
            point.put("consumption", rate * (year - ZAN_START));
            point.put("observed", year <= observedUntil);
            trajectory.add(point);
        }
        zan.put("trajectory", trajectory);
        return zan;
    }

    /** Flows between two vintages as the API shows them: totals, net, and the 25 largest cover changes. */
    static Map<String, Object> flows(double artificialisation, double deArtificialisation, Map<String, Double> coverFlows) {
        Map<String, Object> flowsOut = new LinkedHashMap<>();
        flowsOut.put("artificialisation", artificialisation);
        flowsOut.put("deArtificialisation", deArtificialisation);
        flowsOut.put("net", artificialisation - deArtificialisation);
        List<Map<String, Object>> pairs = new ArrayList<>();
        coverFlows.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(25)
                .forEach(e -> pairs.add(Map.of("change", e.getKey(), "area", e.getValue())));
        flowsOut.put("coverChanges", pairs);
        return flowsOut;
    }

    static Map<String, Object> share(double area, double total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("area", area);
        m.put("share", total > 0 ? area / total : 0);
        return m;
    }

    static List<Map<String, Object>> classes(Map<String, double[]> areas, Map<String, NomenclatureCode> codes) {
        List<Map<String, Object>> list = new ArrayList<>();
        areas.forEach((code, v) -> {
            NomenclatureCode n = codes.get(code);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code);
            m.put("label", n == null ? code : n.shortLabel());
            m.put("color", n == null ? "#999999" : n.color());
            m.put("areaFrom", v[0]);
            m.put("areaTo", v[1]);
            list.add(m);
        });
        return list;
    }

    private static Vintage closest(List<Vintage> vintages, Integer wished, boolean earliest) {
        if (wished == null) {
            return earliest ? vintages.get(0) : vintages.get(vintages.size() - 1);
        }
        return vintages.stream().min(Comparator.comparingInt((Vintage v) -> Math.abs(v.year() - wished))
                .thenComparingInt(v -> earliest ? v.year() : -v.year())).orElseThrow();
    }

    private static List<Vintage> vintages(Connection c, String departement) throws SQLException {
        List<Vintage> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT millesime, matrix, nomenclature, synthetic FROM vintage"
                + " WHERE departement = ? ORDER BY millesime")) {
            s.setString(1, departement);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    list.add(new Vintage(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return list;
    }

    /** Few communes: filtered by the database (indexed); many: the whole département is read once. */
    private static final int COMMUNES_FILTERED_IN_SQL = 200;

    private static String communeFilter(Set<String> communes) {
        return communes.size() > COMMUNES_FILTERED_IN_SQL ? ""
                : " AND commune IN (" + String.join(",", java.util.Collections.nCopies(communes.size(), "?")) + ")";
    }

    private static void bindCommunes(PreparedStatement s, int from, Set<String> communes) throws SQLException {
        if (communes.size() <= COMMUNES_FILTERED_IN_SQL) {
            int i = from;
            for (String c : communes) {
                s.setString(i++, c);
            }
        }
    }

    private static List<Object[]> surfaces(Connection c, String departement, int year, Set<String> communes)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT commune, code_cs, code_us, artificialised, area"
                + " FROM surface WHERE departement = ? AND millesime = ?" + communeFilter(communes))) {
            s.setString(1, departement);
            s.setInt(2, year);
            bindCommunes(s, 3, communes);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getDouble(5)});
                }
            }
        }
        return rows;
    }

    private static List<Object[]> flows(Connection c, String departement, int from, int to, Set<String> communes)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT commune, cs_from, us_from, artificialised_from, cs_to,"
                + " us_to, artificialised_to, area FROM flow WHERE departement = ? AND from_year = ? AND to_year = ?"
                + communeFilter(communes))) {
            s.setString(1, departement);
            s.setInt(2, from);
            s.setInt(3, to);
            bindCommunes(s, 4, communes);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getDouble(8)});
                }
            }
        }
        return rows;
    }
}
