package fr.datagrandest.plugin.legal.licences;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The licences of the guide and the questionnaire that recommends one. Pure logic: the texts come from
 * {@code starter/licences.json}, written by the legal team from the public licence texts.
 */
public final class LicenceGuide {

    /** One question of the questionnaire and its possible answers (value → label). */
    public record Question(String id, String label, String help, Map<String, String> answers) {
    }

    /** A recommendation: the licence, why, what else would fit and what to watch. */
    public record Recommendation(Licence licence, List<String> reasons, List<Licence> alternatives, List<String> warnings) {
    }

    private final List<Licence> licences;
    private final Map<String, Licence> byId = new LinkedHashMap<>();

    public LicenceGuide(List<Licence> licences) {
        this.licences = List.copyOf(licences);
        for (Licence licence : licences) {
            byId.put(licence.id().toLowerCase(Locale.ROOT), licence);
        }
    }

    public static LicenceGuide load(ObjectMapper mapper) throws IOException {
        try (InputStream in = LicenceGuide.class.getResourceAsStream("/starter/licences.json")) {
            if (in == null) {
                throw new IOException("starter/licences.json is missing from the bundle");
            }
            return new LicenceGuide(mapper.readValue(in, new TypeReference<List<Licence>>() { }));
        }
    }

    public List<Licence> all() {
        return licences;
    }

    /** Finds a licence by SPDX id, ignoring case (catalogue records often write {@code odbl-1.0}). */
    public Optional<Licence> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id.trim().toLowerCase(Locale.ROOT)));
    }

    public List<Question> questions() {
        return List.of(
                new Question("nature", "Que voulez-vous diffuser ?", "La licence dépend de la nature de l'œuvre.",
                        ordered("donnees", "Des données (jeu de données, base, référentiel)",
                                "logiciel", "Un logiciel (code source)",
                                "contenu", "Des contenus (documents, rapports, photos)")),
                new Question("public", "Êtes-vous une administration au sens du CRPA ?",
                        "État, collectivité, établissement public, ou organisme chargé d'une mission de service public.",
                        ordered("oui", "Oui", "non", "Non (association, entreprise, chercheur…)")),
                new Question("reciprocity", "Les versions enrichies doivent-elles rester ouvertes ?",
                        "Obligation de partage à l'identique (réciprocité) imposée aux réutilisateurs qui diffusent.",
                        ordered("non", "Non, toute réutilisation est permise", "oui", "Oui, les dérivés doivent rester sous la même licence")),
                new Question("attribution", "Tenez-vous à ce que la source soit citée ?", "",
                        ordered("oui", "Oui", "non", "Non, la diffusion la plus large compte plus")),
                new Question("usage", "Pour un logiciel : comment sera-t-il utilisé ?", "Ignoré pour les données et contenus.",
                        ordered("application", "Une application ou un outil", "service", "Un service en ligne", "bibliotheque", "Une bibliothèque ou un composant")),
                new Question("droitFrancais", "Pour un logiciel : préférez-vous un texte de droit français ?", "Les licences CeCILL sont rédigées en droit français.",
                        ordered("non", "Peu importe", "oui", "Oui")));
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /**
     * Recommends a licence from the answers (question id → answer value). An unknown question or answer is
     * refused with an {@link IllegalArgumentException} that names it; a missing answer takes the first choice.
     */
    public Recommendation recommend(Map<String, String> answers) {
        Map<String, String> a = new LinkedHashMap<>();
        for (Question question : questions()) {
            String value = answers.get(question.id());
            if (value == null || value.isBlank()) {
                a.put(question.id(), question.answers().keySet().iterator().next());
            } else if (!question.answers().containsKey(value)) {
                throw new IllegalArgumentException("answer '" + value + "' is not one of " + question.answers().keySet()
                        + " for question '" + question.id() + "'");
            } else {
                a.put(question.id(), value);
            }
        }
        for (String key : answers.keySet()) {
            if (questions().stream().noneMatch(q -> q.id().equals(key))) {
                throw new IllegalArgumentException("unknown question '" + key + "'");
            }
        }
        boolean administration = "oui".equals(a.get("public"));
        boolean reciprocity = "oui".equals(a.get("reciprocity"));
        boolean attribution = "oui".equals(a.get("attribution"));
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> alternatives = new ArrayList<>();
        String chosen;
        switch (a.get("nature")) {
            case "logiciel" -> {
                String usage = a.get("usage");
                boolean french = "oui".equals(a.get("droitFrancais"));
                if (!reciprocity) {
                    chosen = french ? "CECILL-B" : "Apache-2.0";
                    reasons.add("Vous ne voulez pas imposer de réciprocité : une licence permissive laisse les réutilisateurs choisir la licence de leurs dérivés.");
                    reasons.add(french ? "CeCILL-B est la licence permissive de droit français."
                            : "Apache-2.0 ajoute une licence expresse de brevets, utile pour un logiciel repris par des entreprises.");
                    alternatives.addAll(List.of("MIT", "BSD-3-Clause", french ? "Apache-2.0" : "CECILL-B"));
                } else if ("bibliotheque".equals(usage)) {
                    chosen = french ? "CECILL-C" : "LGPL-3.0-only";
                    reasons.add("Pour une bibliothèque, une réciprocité faible garde libres les modifications du composant sans imposer la licence aux applications qui l'utilisent.");
                    alternatives.addAll(List.of("MPL-2.0", "EPL-2.0", french ? "LGPL-3.0-only" : "CECILL-C"));
                } else if ("service".equals(usage)) {
                    chosen = "AGPL-3.0-only";
                    reasons.add("Pour un service en ligne, seule l'AGPL oblige à offrir le code source modifié aux utilisateurs du service ; la GPL ne joue qu'à la distribution.");
                    alternatives.addAll(List.of("CECILL-2.1", "GPL-3.0-only"));
                } else {
                    chosen = french ? "CECILL-2.1" : "GPL-3.0-only";
                    reasons.add("Vous voulez que les dérivés restent libres : une licence à réciprocité forte l'impose à toute redistribution.");
                    if (french) {
                        reasons.add("CeCILL 2.1 est rédigée en droit français et reste compatible avec la GPL.");
                    }
                    alternatives.addAll(List.of(french ? "GPL-3.0-only" : "CECILL-2.1", "AGPL-3.0-only"));
                }
                if (!attribution) {
                    warnings.add("Toutes les licences logicielles de la liste demandent de conserver les mentions d'auteur : cette exigence ne peut pas être levée.");
                }
            }
            case "contenu", "donnees" -> {
                boolean data = "donnees".equals(a.get("nature"));
                if (reciprocity) {
                    chosen = "ODbL-1.0";
                    reasons.add("L'ODbL impose que les bases dérivées diffusées restent sous ODbL : c'est la seule licence de données de la liste avec réciprocité.");
                    if (!data) {
                        warnings.add("L'ODbL est faite pour des bases de données ; pour des documents, la réciprocité est rarement justifiée.");
                    }
                    alternatives.add("etalab-2.0");
                } else if (administration || attribution) {
                    chosen = administration ? "etalab-2.0" : "CC-BY-4.0";
                    reasons.add(administration
                            ? "La Licence Ouverte 2.0 est la licence de référence des administrations : réutilisation libre, y compris commerciale, avec mention de la source."
                            : "CC-BY 4.0 est reconnue dans le monde entier et n'impose que la mention de l'auteur.");
                    alternatives.add(administration ? "CC-BY-4.0" : "etalab-2.0");
                } else {
                    chosen = "CC0-1.0";
                    reasons.add("Vous ne tenez pas à la mention de la source : CC0 renonce à tous les droits et permet la diffusion la plus large.");
                    alternatives.addAll(List.of("CC-BY-4.0", "etalab-2.0"));
                }
                if (administration && !attribution && !reciprocity) {
                    warnings.add("Pour une administration, les licences de données de la liste demandent toutes la mention de la source ; CC0 exigerait une homologation.");
                }
            }
            default -> throw new IllegalStateException("checked above");
        }
        Licence licence = find(chosen).orElseThrow();
        if (administration) {
            if (licence.crpaList()) {
                reasons.add("Elle figure sur la liste fermée de l'article D. 323-2-1 du CRPA : une administration peut l'utiliser sans homologation.");
            } else {
                warnings.add("Cette licence n'est pas sur la liste de l'article D. 323-2-1 du CRPA : une administration doit la faire homologuer (article L. 323-2).");
            }
            if (reciprocity) {
                warnings.add("Une administration ne peut imposer la réciprocité que pour un motif d'intérêt général et de façon proportionnée (article L. 323-2 du CRPA) : écrivez ce motif.");
            }
        }
        if (!"logiciel".equals(a.get("nature"))) {
            warnings.add("Vérifiez avant diffusion l'absence de données personnelles, de secrets protégés et de droits de tiers (articles L. 311-5 à L. 312-1-2 du CRPA et RGPD).");
        }
        List<Licence> others = alternatives.stream().distinct().filter(id -> !id.equals(chosen))
                .map(id -> find(id).orElseThrow()).toList();
        return new Recommendation(licence, reasons, others, warnings);
    }
}
