package fr.datagrandest.plugin.legal.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** The web pages under /legal and their script and style, served from the bundle with a strict CSP. */
@ExtendWith(BundleContextExtension.class)
class PagesIT {

    @InjectBundleContext
    BundleContext context;
    LegalApiFixture api;

    @BeforeEach
    void platformServes() throws Exception {
        api = new LegalApiFixture(context);
    }

    @Test
    void pagesAndTheirFilesAreServedFromTheBundle() throws Exception {
        for (String path : List.of("/legal", "/legal/licences", "/legal/clauses", "/legal/assemblage", "/legal/questions", "/legal/document",
                "/legal/static/legal.css", "/legal/static/legal.js", "/legal/static/markdown.js")) {
            assertEquals(200, api.get(path).statusCode(), path);
        }
        assertEquals(404, api.get("/legal/inconnue").statusCode());
        String html = api.get("/legal").body();
        assertTrue(html.contains("lang=\"fr\""));
        assertTrue(!html.contains("http://") && !html.contains("https://"), "no resource from another site");
    }

    @Test
    void theScriptsCallOnlyThisSiteAndEscapeWhatTheyShow() throws Exception {
        String script = api.get("/legal/static/legal.js").body();
        assertTrue(script.contains("var API = '/legal/api'"), "the pages call the plugin's own API");
        assertTrue(!script.contains("http://") && !script.contains("https://"), "no script or data from another site");
        assertTrue(api.get("/legal/static/markdown.js").body().contains("Every piece of text is escaped"));
        assertEquals("nosniff", api.get("/legal/static/legal.js").headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(api.get("/legal").headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
    }
}
