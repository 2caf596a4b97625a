package fr.datagrandest.plugin.catalog.core.record;

import java.util.ArrayList;
import java.util.List;

/**
 * What INSPIRE (metadata regulation 1205/2008, ISO 19139 encoding) and DCAT-AP 3 require of a record, and what this
 * one lacks. Checked on the derived fields, so it reads the same for every source standard.
 */
public record QualityReport(String identifier, int score, List<Check> checks) {

    /** One requirement: which frameworks ask for it, and whether the record meets it. */
    public record Check(String element, String requiredBy, boolean present, String advice) {
    }

    public static QualityReport of(CatalogRecord r) {
        List<Check> c = new ArrayList<>();
        boolean service = "service".equals(r.resourceType());
        c.add(check("titre", "INSPIRE, DCAT-AP", notBlank(r.title()), "donner un titre à la ressource"));
        c.add(check("résumé", "INSPIRE, DCAT-AP", notBlank(r.abstractText()), "décrire la ressource en quelques phrases"));
        c.add(check("type de ressource", "INSPIRE", notBlank(r.resourceType()), "dire s'il s'agit d'un jeu de données, d'une série ou d'un service"));
        c.add(check("langue", "INSPIRE", notBlank(r.language()), "indiquer la langue de la ressource"));
        c.add(check("mots-clés", "INSPIRE, DCAT-AP (recommandé)", !r.keywords().isEmpty(), "ajouter au moins un mot-clé, dont un thème INSPIRE"));
        c.add(check("organisation responsable", "INSPIRE, DCAT-AP (éditeur)", notBlank(r.organisation()), "nommer l'organisation responsable"));
        c.add(check("adresse de contact", "INSPIRE, DCAT-AP (recommandé)",
                r.contacts().stream().anyMatch(x -> notBlank(x.email())), "donner une adresse électronique de contact"));
        c.add(check("date de référence", "INSPIRE", !r.dates().isEmpty(), "indiquer une date de création, de publication ou de révision"));
        c.add(check("date de la fiche", "INSPIRE", notBlank(r.dateStamp()), "dater la fiche de métadonnées"));
        c.add(check("emprise géographique", "INSPIRE", r.bbox() != null, "donner le rectangle englobant en degrés WGS 84"));
        c.add(check("conditions d'accès et d'utilisation", "INSPIRE", !r.constraints().isEmpty(), "préciser les restrictions d'accès et les conditions d'utilisation"));
        c.add(check("licence", "DCAT-AP (recommandé)", notBlank(r.licence()), "indiquer la licence (par exemple Licence Ouverte 2.0)"));
        c.add(check("distribution ou point d'accès", "INSPIRE, DCAT-AP", !r.distributions().isEmpty(), "donner un lien de téléchargement ou de service"));
        if (!service) {
            c.add(check("généalogie", "INSPIRE", notBlank(r.lineage()), "décrire l'origine et les traitements des données"));
        }
        long met = c.stream().filter(Check::present).count();
        return new QualityReport(r.identifier(), (int) Math.round(100.0 * met / c.size()), c);
    }

    private static Check check(String element, String requiredBy, boolean present, String advice) {
        return new Check(element, requiredBy, present, present ? null : advice);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
