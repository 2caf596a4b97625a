package fr.datagrandest.plugin.legal.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import fr.datagrandest.platform.api.legal.LicenceGuide;
import fr.datagrandest.platform.api.legal.LicenceRef;

/**
 * The legal plugin with the other plugins, through {@code platform.api} only: the {@link LicenceGuide} service the
 * catalogue uses to link a record's licence to its explanation here.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class LicenceCooperationIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 30_000)
    LicenceGuide guide;
    LegalApiFixture api;

    @BeforeEach
    void platformServes() throws Exception {
        api = new LegalApiFixture(context);
    }

    @Test
    void theGuideRecognisesLicenceStatementsOfCatalogueRecordsAndLinksTheirPage() throws Exception {
        LicenceRef open = guide.recognise("Licence Ouverte / Open Licence Version 2.0 "
                + "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf").orElseThrow();
        assertEquals("etalab-2.0", open.spdxId());
        assertEquals("/legal/licences#etalab-2.0", open.pagePath());
        assertTrue(open.title().startsWith("Licence Ouverte"), open.title());
        assertEquals("ODbL-1.0", guide.recognise("Licence ODbL mai 2013 (basée sur ODbL 1.0)").orElseThrow().spdxId());
        assertEquals("CC-BY-4.0", guide.recognise("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0").orElseThrow().spdxId());
        assertEquals(Optional.empty(), guide.recognise("http://publications.europa.eu/resource/authority/licence/COM_REUSE"));
        // The page the link leads to is served, and the licence it names is one the API knows.
        String page = open.pagePath().substring(0, open.pagePath().indexOf('#'));
        assertEquals(200, api.get(page).statusCode());
        assertEquals(200, api.get("/legal/api/licences/" + open.spdxId()).statusCode());
    }
}
