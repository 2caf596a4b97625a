package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import fr.datagrandest.plugin.catalog.core.record.Licences;

/** The licence table on wordings and URIs found in real French and European metadata (the shipped demo records). */
class LicencesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Licence Ouverte 2.0                                                                         | etalab-2.0
            Licence Ouverte v2.0 (Etalab)                                                               | etalab-2.0
            Licence Ouverte / Open Licence Version 2.0  https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf | etalab-2.0
            Utilisation libre sous réserve de citer les sources. Licence Ouverte (version 2.0 d'avril 2017), définie par la mission Etalab. | etalab-2.0
            Soumis à la licence Etalab : https://www.etalab.gouv.fr/licence-ouverte-open-licence/       | etalab-2.0
            https://www.etalab.gouv.fr/licence-ouverte-open-licence                                     | etalab-2.0
            Data free of use by acknowledging its source. Open licence Etalab v. 2.0 avril 2017.       | etalab-2.0
            LICENCE OUVERTE                                                                             | etalab-2.0
            Licence Ouverte / Open License (compatible ODC-BY, CC-BY 2.0)                               | etalab-2.0
            etalab-2.0                                                                                  | etalab-2.0
            https://spdx.org/licenses/etalab-2.0.html                                                   | etalab-2.0
            ODbL                                                                                        | ODbL-1.0
            Licence ODbL mai 2013 (basée sur ODbL 1.0)                                                  | ODbL-1.0
            ODbL 1.0 - Open Database Licence                                                            | ODbL-1.0
            http://opendatacommons.org/licenses/odbl/1.0/                                               | ODbL-1.0
            odbl-1.0                                                                                    | ODbL-1.0
            https://opendatacommons.org/licenses/by/1-0/                                                | ODC-By-1.0
            https://creativecommons.org/licenses/by/4.0/                                                | CC-BY-4.0
            https://creativecommons.org/licenses/by-sa/4.0/deed.fr                                      | CC-BY-SA-4.0
            CC-By 4.0                                                                                   | CC-BY-4.0
            cc-by4.0                                                                                    | CC-BY-4.0
            CC BY-SA 4.0                                                                                | CC-BY-SA-4.0
            Creative Commons Attribution 4.0 International                                              | CC-BY-4.0
            http://creativecommons.org/licenses/by-nc-nd/3.0/                                           | CC-BY-NC-ND-3.0
            https://creativecommons.org/publicdomain/zero/1.0/                                          | CC0-1.0
            http://creativecommons.org/publicdomain/zero/1.0/legalcode                                  | CC0-1.0
            CC0                                                                                         | CC0-1.0
            """)
    void recognisedWordings(String text, String spdx) {
        assertEquals(Optional.of(spdx), Licences.spdx(text), text);
    }

    /**
     * Licence Ouverte 1.0 (2011) is another licence than 2.0, which SPDX does not list: it gets the identifier the
     * legal library's licence guide gives it, so that the guide finds its datasets too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Licence Ouverte 1.0 http://www.data.gouv.fr/Licence-Ouverte-Open-Licence.",
            "Licence ouverte ETALAB 1.0", "http://www.data.gouv.fr/Licence-Ouverte-Open-Licence",
            "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf", "Licence Ouverte v1"})
    void licenceOuverteOneIsItsOwnLicence(String text) {
        assertEquals(Optional.of("LicenseRef-etalab-1.0"), Licences.spdx(text), text);
    }

    /** No version to tell which, or no licence at all: the record keeps its own text. */
    @ParameterizedTest
    @ValueSource(strings = {"Licence CC BY", "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
            "Pas de restriction d'accès public selon INSPIRE", "Licence propriétaire IGN", "  "})
    void unrecognisedTextsAreNotGuessed(String text) {
        assertEquals(Optional.empty(), Licences.spdx(text), text);
    }

    @ParameterizedTest
    @CsvSource({"etalab-2.0,etalab-2.0", "ETALAB-2.0,etalab-2.0", "odbl-1.0,ODbL-1.0", "cc-by-4.0,CC-BY-4.0", "MIT,MIT"})
    void identifiersInTheirUsualCase(String given, String canonical) {
        assertEquals(canonical, Licences.canonical(given));
    }
}
