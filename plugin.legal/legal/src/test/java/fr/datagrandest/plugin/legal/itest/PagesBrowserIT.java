package fr.datagrandest.plugin.legal.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;

/**
 * The pages in a real headless Chromium against the test platform: what a visitor does on each, with the page's
 * own scripts, under its Content-Security-Policy, and no script error. Screenshots go to
 * {@code target/screenshots}. Needs Chromium ({@link Chromium#EXECUTABLE}): fails without it.
 */
@ExtendWith(BundleContextExtension.class)
class PagesBrowserIT {

    @InjectBundleContext
    BundleContext context;
    LegalApiFixture api;
    Chromium browser;
    Path screenshots;

    @BeforeEach
    void start() throws Exception {
        api = new LegalApiFixture(context);
        screenshots = Path.of(context.getProperty("dge.data")).resolveSibling("screenshots");
        browser = new Chromium(screenshots);
    }

    @AfterEach
    void stop() throws Exception {
        browser.close();
    }

    @Test
    void aVisitorSearchesTheLibraryInFrenchWithoutAccents() throws Exception {
        browser.open(api.base + "/legal");
        browser.waitFor("document.querySelectorAll('#resultats .resultat').length > 0", "the published documents are listed");
        browser.waitFor("document.querySelectorAll('#facettes input[data-dim]').length > 0", "the facets are shown");
        browser.type("#q", "donnees personnelles");
        browser.click("#form-recherche button[type=submit]");
        browser.waitFor("document.getElementById('nombre').innerText.indexOf('donnees personnelles') >= 0", "the search answers");
        String results = browser.text("#resultats");
        assertTrue(results.contains("RGPD"), "the RGPD sheet is found without accents: " + results);
        assertEquals("?q=donnees+personnelles", browser.eval("location.search").asText(), "the search is in the address");
        browser.screenshot(screenshots.resolve("bibliotheque-recherche.png"));

        browser.click("#resultats .resultat a");
        browser.waitFor("location.pathname === '/legal/document' && document.querySelector('h1') && document.querySelector('h1').innerText.length > 0",
                "the document opens");
        assertEquals(List.of(), browser.problems());
    }

    @Test
    void theQuestionnaireRecommendsALicenceAndTheGuideListsTheCataloguesDatasets() throws Exception {
        browser.open(api.base + "/legal/licences");
        browser.waitFor("document.querySelectorAll('#questionnaire input[type=radio]').length > 0", "the questionnaire is shown");
        browser.waitFor("document.getElementById('etalab-2.0')", "the licences are shown");
        assertEquals("Licence Ouverte / Open Licence 2.0 etalab-2.0", browser.text("[id='etalab-2.0'] h3"));
        assertEquals("BSD 2-Clause License BSD-2-Clause", browser.text("[id='BSD-2-Clause'] h3"), "the version is not written twice");
        assertTrue(browser.text("[id='etalab-2.0'] .jeux").contains("Le catalogue n'est pas déployé"),
                "without a catalogue the page says so: " + browser.text("[id='etalab-2.0'] .jeux"));

        // A public body that wants derived databases to stay open.
        browser.click("#questionnaire input[name=nature][value=donnees]");
        browser.click("#questionnaire input[name=public][value=oui]");
        browser.click("#questionnaire input[name=reciprocity][value=oui]");
        browser.click("#questionnaire button[type=submit]");
        browser.waitFor("document.querySelector('#recommandation h3')", "a licence is recommended");
        String advice = browser.text("#recommandation");
        assertTrue(advice.contains("Open Database License") && advice.contains("ODbL-1.0"), advice);
        assertTrue(advice.contains("Pourquoi") && advice.contains("motif d'intérêt général"), "the reasons and the CRPA warning: " + advice);
        browser.screenshot(screenshots.resolve("licences-recommandation.png"));

        ServiceRegistration<DatasetCatalog> catalogue = context.registerService(DatasetCatalog.class, new LicenceCooperationIT.SmallCatalogue(List.of(
                new String[] {"etalab-2.0", "bd-topo-67", "BD TOPO® Bas-Rhin", "IGN"},
                new String[] {"etalab-2.0", "piege", "<img src=x onerror=alert(1)>Titre piégé", "<b>Organisme</b>"})), null);
        try {
            // Opening the same page with only a new #fragment would not load it again.
            browser.open("about:blank");
            browser.open(api.base + "/legal/licences#etalab-2.0");
            browser.waitFor("document.querySelector(\"[id='etalab-2.0'] .jeux a\")", "the datasets under the licence are listed");
            String datasets = browser.text("[id='etalab-2.0'] .jeux");
            assertTrue(datasets.contains("2 jeux de données") && datasets.contains("BD TOPO® Bas-Rhin — IGN"), datasets);
            assertEquals("/catalog/record?id=bd-topo-67",
                    browser.eval("document.querySelector(\"[id='etalab-2.0'] .jeux a\").getAttribute('href')").asText());
            assertTrue(datasets.contains("<img src=x onerror=alert(1)>Titre piégé") && datasets.contains("<b>Organisme</b>"),
                    "the catalogue's text is shown as text: " + datasets);
            assertEquals(0, browser.eval("document.querySelectorAll('.jeux img, .jeux b').length").asInt(), "no markup from the catalogue");
            assertTrue(browser.text("[id='CC0-1.0'] .jeux").contains("aucun jeu de données"), browser.text("[id='CC0-1.0'] .jeux"));
            browser.screenshot(screenshots.resolve("licences-jeux-de-donnees.png"));
        } finally {
            catalogue.unregister();
        }
        assertEquals(List.of(), browser.problems());
    }

    @Test
    void theAssemblyFormRefusesAMissingVariableAndNamesIt() throws Exception {
        browser.open(api.base + "/legal/assemblage");
        browser.waitFor("document.querySelectorAll('#variables input').length > 1", "the fields of the model's clauses are shown");
        List<String> names = new java.util.ArrayList<>();
        browser.eval("Array.prototype.map.call(document.querySelectorAll('#variables input'), function (i) { return i.name; })")
                .forEach(n -> names.add(n.asText()));
        String left = names.get(0);
        for (String name : names.subList(1, names.size())) {
            browser.type("#variables input[name='" + name + "']", "Valeur de " + name);
        }
        browser.click("#apercu");
        browser.waitFor("document.querySelector('#assemblage-message .erreur')", "the assembly is refused");
        String refusal = browser.text("#assemblage-message");
        assertTrue(refusal.contains("Impossible d'assembler") && refusal.contains(left), "the missing field is named: " + refusal);
        assertEquals("", browser.eval("document.getElementById('cadre-apercu').srcdoc").asText(), "nothing is previewed");
        browser.screenshot(screenshots.resolve("assemblage-variable-manquante.png"));

        browser.type("#variables input[name='" + left + "']", "Valeur de " + left);
        browser.click("#apercu");
        browser.waitFor("document.getElementById('cadre-apercu').srcdoc.length > 0", "the preview is shown");
        String preview = browser.eval("document.getElementById('cadre-apercu').srcdoc").asText();
        assertTrue(preview.contains("Valeur de " + left), "the filled field is in the document");
        assertTrue(preview.contains("Clauses utilisées"), "the document lists the clause versions it used");
        assertFalse(browser.text("#assemblage-message").contains("Impossible"), browser.text("#assemblage-message"));
        // The preview frame shows the document (sandboxed, under the page's Content-Security-Policy).
        browser.eval("document.getElementById('cadre-apercu').scrollIntoView()");
        long deadline = System.currentTimeMillis() + 10_000;
        String shown = browser.childFrameText();
        while (shown == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            shown = browser.childFrameText();
        }
        assertTrue(shown != null && shown.contains("Valeur de " + left) && shown.contains("Clauses utilisées"), "the preview shows: " + shown);
        browser.screenshot(screenshots.resolve("assemblage-apercu.png"));
        assertEquals(List.of(), browser.problems());
    }
}
