package fr.datagrandest.plugin.legal.licences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Licence statements as real catalogue records write them (copied from public ISO 19139, ISO 19115-3 and DCAT
 * records of French, Belgian and European catalogues: useLimitation, otherConstraints, dct:license, dct:rights).
 */
class LicenceRecogniserTest {

    final LicenceRecogniser recogniser;

    LicenceRecogniserTest() throws Exception {
        recogniser = new LicenceRecogniser(LicenceGuide.load(new ObjectMapper()));
    }

    String id(String text) {
        return recogniser.recognise(text).map(Licence::id).orElse(null);
    }

    @Test
    void licenceOuverteTwoInTheWaysRecordsWriteIt() {
        for (String text : new String[] {
                "Licence Ouverte 2.0",
                "Licence Ouverte Version 2.0",
                "Licence Ouverte v2.0 (Etalab)",
                "Licence Ouverte version 2.0 https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
                "Licence Ouverte / Open Licence Version 2.0 https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf ",
                "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
                "http://www.etalab.gouv.fr/licence-ouverte-open-licence",
                "<DIV STYLE=\"text-align:Left;\"><DIV><DIV><P><SPAN>Soumis à la licence Etalab : https://www.etalab.gouv.fr/licence-ouverte-open-licence/</SPAN></P></DIV></DIV></DIV>",
                "<DIV STYLE=\"text-align:Left;\"><DIV><DIV><P><SPAN>Soumis à la licence Etalab</SPAN></P></DIV></DIV></DIV>",
                "Licence Ouverte (Etalab)",
                "etalab",
                "etalab-2.0",
                "ETALAB-2.0"}) {
            assertEquals("etalab-2.0", id(text), text);
        }
    }

    @Test
    void anUnversionedLicenceOuverteIsTheCurrentOne() {
        assertEquals("etalab-2.0", id("Licence ouverte / Open Licence"));
    }

    @Test
    void aUriDecidesBeforeTheCompatibleLicencesASentenceNames() {
        // The English text of Licence Ouverte 2.0, whose title names CC-BY 2.0 as compatible.
        assertEquals("etalab-2.0", id("https://www.etalab.gouv.fr/wp-content/uploads/2018/11/open-licence.pdf"));
        assertEquals("etalab-2.0", id("Licence Ouverte / Open License (compatible ODC-BY, CC-BY 2.0)"));
    }

    @Test
    void licenceOuverteOneIsNotMistakenForTwo() {
        assertEquals("LicenseRef-etalab-1.0", id("Licence Ouverte 1.0 http://www.data.gouv.fr/Licence-Ouverte-Open-Licence."));
        assertEquals("LicenseRef-etalab-1.0", id("Licence Ouverte Version 1.0"));
        assertEquals("LicenseRef-etalab-1.0", id("http://www.data.gouv.fr/Licence-Ouverte-Open-Licence"));
        assertEquals("LicenseRef-etalab-1.0", id("https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf"));
    }

    @Test
    void odbl() {
        assertEquals("ODbL-1.0", id("Licence ODbL mai 2013 (basée sur ODbL 1.0)"));
        assertEquals("ODbL-1.0", id("odbl-1.0"));
        assertEquals("ODbL-1.0", id("Open Database License (ODbL)"));
        assertEquals("ODbL-1.0", id("https://opendatacommons.org/licenses/odbl/1-0/"));
        assertEquals("ODbL-1.0", id("http://opendatacommons.org/licenses/odbl/summary/"));
        assertEquals("ODbL-1.0", id("https://www.data.gouv.fr/fr/licenses/odc-odbl"));
    }

    @Test
    void creativeCommons() {
        assertEquals("CC-BY-4.0", id("https://creativecommons.org/licenses/by/4.0/"));
        assertEquals("CC-BY-4.0", id("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"));
        assertEquals("CC-BY-4.0", id("CC-BY 4.0"));
        assertEquals("CC-BY-4.0", id("Creative Commons Attribution 4.0 International"));
        assertEquals("CC-BY-SA-4.0", id("CC BY-SA 4.0"));
        assertEquals("CC-BY-SA-4.0", id("Creative Commons Attribution-ShareAlike 4.0"));
        assertEquals("CC-BY-SA-4.0", id("https://creativecommons.org/licenses/by-sa/4.0/deed.fr"));
        assertEquals("CC0-1.0", id("https://creativecommons.org/publicdomain/zero/1.0/"));
        assertEquals("CC0-1.0", id("http://creativecommons.org/publicdomain/zero/1.0/legalcode"));
        assertEquals("CC0-1.0", id("CC0"));
    }

    @Test
    void otherLicencesAndOtherVersionsAreNotTheGuides() {
        for (String text : new String[] {
                "http://publications.europa.eu/resource/authority/licence/COM_REUSE",
                "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
                "CC BY-NC 4.0",
                "CC BY-ND 4.0",
                "CC-BY 3.0",
                "https://creativecommons.org/licenses/by/3.0/fr/",
                "NonCommercialAllowed-CommercialAllowed-ReferenceRequired",
                "Utilisation libre sous réserve de mentionner la source (a minima le nom du producteur) et la date de sa dernière mise à jour",
                "Pas de restriction d'accès public selon INSPIRE",
                "http://inspire.ec.europa.eu/metadata-codelist/ConditionsApplyingToAccessAndUse/noConditionsApply",
                "Données ouvertes",
                "License Not Specified",
                "Le maire mit en ligne les données",
                "https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/2.2.0/schema-statique.json",
                "Data beschikbaar voor hergebruik volgens de Modellicentie Gratis Hergebruik.",
                "",
                "   "}) {
            assertEquals(Optional.empty(), recogniser.recognise(text).map(Licence::id), text);
        }
        assertEquals(Optional.empty(), recogniser.recognise(null));
    }

    @Test
    void softwareLicencesByIdInASentence() {
        assertEquals("CECILL-B", id("Code publié sous licence CeCILL-B"));
        assertEquals("MIT", id("MIT License"));
        assertEquals("Apache-2.0", id("Apache-2.0"));
    }

    @Test
    void everyLicenceOfTheGuideIsRecognisedByItsIdItsTitleAndItsUrl() {
        LicenceGuide guide = recogniser.guide();
        for (Licence licence : guide.all()) {
            assertEquals(licence.id(), id(licence.id()), licence.id());
            assertEquals(licence.id(), id(licence.id().toLowerCase(java.util.Locale.ROOT)), licence.id());
            String page = LicenceRecogniser.pagePath(licence);
            assertTrue(page.startsWith("/legal/licences#"), page);
            assertTrue(!LicenceRecogniser.title(licence).isBlank(), licence.id());
        }
        for (String id : new String[] {"etalab-2.0", "LicenseRef-etalab-1.0", "ODbL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"}) {
            Licence licence = guide.find(id).orElseThrow();
            assertEquals(id, id(licence.url()), licence.url());
            assertEquals(id, id(LicenceRecogniser.title(licence)), LicenceRecogniser.title(licence));
        }
    }

    @Test
    void titlesCarryTheVersion() {
        LicenceGuide guide = recogniser.guide();
        assertEquals("Licence Ouverte / Open Licence 2.0", LicenceRecogniser.title(guide.find("etalab-2.0").orElseThrow()));
        assertEquals("Open Database License 1.0", LicenceRecogniser.title(guide.find("ODbL-1.0").orElseThrow()));
        assertEquals("BSD 2-Clause License", LicenceRecogniser.title(guide.find("BSD-2-Clause").orElseThrow()));
    }
}
