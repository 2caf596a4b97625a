package fr.datagrandest.plugin.ocs.core;

import java.util.List;
import java.util.Map;

/** The indicators of a territory as CSV: one line per indicator and class, areas in m². */
final class IndicatorsCsv {

    private IndicatorsCsv() {
    }

    @SuppressWarnings("unchecked")
    static String write(Map<String, Object> r) {
        StringBuilder b = new StringBuilder(
                "territoire,indicateur,classe,libelle,millesimes,valeur_debut,valeur_fin,unite,matrice,synthetique\n");
        Map<String, Object> t = (Map<String, Object>) r.get("territory");
        String territory = t.get("level") + ":" + t.get("code");
        StringBuilder years = new StringBuilder();
        for (Map<String, Object> s : (List<Map<String, Object>>) r.get("sources")) {
            years.append(years.isEmpty() ? "" : " ").append(s.get("departement")).append('=').append(s.get("from"))
                    .append('-').append(s.get("to"));
        }
        String tail = "," + Csv.cell(r.get("matrix")) + "," + r.get("synthetic") + "\n";
        String y = Csv.cell(years.toString());
        for (Map<String, Object> c : (List<Map<String, Object>>) r.get("cover")) {
            b.append(territory).append(",surface_couverture,").append(c.get("code")).append(',')
                    .append(Csv.cell(c.get("label"))).append(',').append(y).append(',').append(c.get("areaFrom"))
                    .append(',').append(c.get("areaTo")).append(",m2").append(tail);
        }
        for (Map<String, Object> c : (List<Map<String, Object>>) r.get("use")) {
            b.append(territory).append(",surface_usage,").append(c.get("code")).append(',')
                    .append(Csv.cell(c.get("label"))).append(',').append(y).append(',').append(c.get("areaFrom"))
                    .append(',').append(c.get("areaTo")).append(",m2").append(tail);
        }
        Map<String, Map<String, Object>> art = (Map<String, Map<String, Object>>) r.get("artificialised");
        b.append(territory).append(",surface_artificialisee,,,").append(y).append(',')
                .append(art.get("from").get("area")).append(',').append(art.get("to").get("area")).append(",m2")
                .append(tail);
        b.append(territory).append(",part_artificialisee,,,").append(y).append(',')
                .append(art.get("from").get("share")).append(',').append(art.get("to").get("share"))
                .append(",ratio").append(tail);
        Map<String, Map<String, Object>> imp = (Map<String, Map<String, Object>>) r.get("impervious");
        b.append(territory).append(",surface_impermeabilisee,,,").append(y).append(',')
                .append(imp.get("from").get("area")).append(',').append(imp.get("to").get("area")).append(",m2")
                .append(tail);
        Map<String, Object> flows = (Map<String, Object>) r.get("flows");
        for (String k : List.of("artificialisation", "deArtificialisation", "net")) {
            b.append(territory).append(",flux_").append(k).append(",,,").append(y).append(",,")
                    .append(flows.get(k)).append(",m2").append(tail);
        }
        Map<String, Object> enaf = (Map<String, Object>) r.get("enaf");
        b.append(territory).append(",consommation_enaf,,,").append(y).append(",,").append(enaf.get("consumption"))
                .append(",m2").append(tail);
        b.append(territory).append(",consommation_enaf_annuelle,,,").append(y).append(",,")
                .append(enaf.get("annualRate")).append(",m2/an").append(tail);
        Map<String, Object> zan = (Map<String, Object>) r.get("zan");
        if (zan != null) { // a drawn area has no ZAN allowance: it is defined per commune
            b.append(territory).append(",zan_enveloppe_2021_2031,,,").append(y).append(",,")
                    .append(zan.get("allowance2021to2031")).append(",m2").append(tail);
            b.append(territory).append(",zan_consommation_depuis_2021,,,").append(y).append(",,")
                    .append(zan.get("consumedSince2021")).append(",m2").append(tail);
        }
        return b.toString();
    }
}
