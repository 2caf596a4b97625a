package fr.datagrandest.plugin.legal.licences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class LicenceGuideTest {

    final LicenceGuide guide;

    LicenceGuideTest() throws Exception {
        guide = LicenceGuide.load(new ObjectMapper());
    }

    String recommend(String... pairs) {
        Map<String, String> answers = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            answers.put(pairs[i], pairs[i + 1]);
        }
        return guide.recommend(answers).licence().id();
    }

    @Test
    void recommendationsFollowTheAnswers() {
        assertEquals("etalab-2.0", recommend("nature", "donnees", "public", "oui"));
        assertEquals("ODbL-1.0", recommend("nature", "donnees", "public", "oui", "reciprocity", "oui"));
        assertEquals("CC-BY-4.0", recommend("nature", "contenu", "public", "non", "attribution", "oui"));
        assertEquals("CC0-1.0", recommend("nature", "donnees", "public", "non", "attribution", "non"));
        assertEquals("Apache-2.0", recommend("nature", "logiciel"));
        assertEquals("CECILL-B", recommend("nature", "logiciel", "droitFrancais", "oui"));
        assertEquals("CECILL-C", recommend("nature", "logiciel", "reciprocity", "oui", "usage", "bibliotheque", "droitFrancais", "oui"));
        assertEquals("GPL-3.0-only", recommend("nature", "logiciel", "reciprocity", "oui"));
    }

    @Test
    void anAdministrationIsWarnedWhenTheLicenceIsOutsideTheCrpaList() {
        var advice = guide.recommend(Map.of("nature", "donnees", "public", "oui", "attribution", "non"));
        assertEquals("etalab-2.0", advice.licence().id());
        assertTrue(advice.warnings().stream().anyMatch(w -> w.contains("homologation")), advice.warnings().toString());
    }

    @Test
    void unknownQuestionsAndAnswersAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> guide.recommend(Map.of("couleur", "bleu"))).getMessage().contains("couleur"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> guide.recommend(Map.of("public", "peut-être"))).getMessage().contains("peut-être"));
    }

    @Test
    void everyCompatibilityPointsToAKnownLicence() {
        for (Licence licence : guide.all()) {
            for (String other : licence.compatibleWith()) {
                assertTrue(guide.find(other).isPresent(), licence.id() + " → " + other);
            }
        }
    }
}
