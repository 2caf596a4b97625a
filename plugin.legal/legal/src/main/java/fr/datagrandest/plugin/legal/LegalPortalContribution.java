package fr.datagrandest.plugin.legal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.plugin.legal.library.DocumentIndex;
import fr.datagrandest.plugin.legal.library.LegalLibrary;

/** The legal library in the portal: a navigation entry and the published documents in the global search. */
@Component(service = PortalContribution.class)
public class LegalPortalContribution implements PortalContribution {

    private static final Logger LOG = LoggerFactory.getLogger(LegalPortalContribution.class);
    private final LegalLibrary library;

    private final ExecutorService searches = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "legal-portal-search");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public LegalPortalContribution(@Reference LegalLibrary library) {
        this.library = library;
    }

    @Deactivate
    void stop() {
        searches.shutdownNow();
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("legal", "/legal", Map.of("fr", "Ressources juridiques", "en", "Legal resources"), 40));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        List<PortalLink> links = new ArrayList<>();
        try {
            // The search runs on a thread of its own: the portal interrupts a contribution that is too slow, and
            // an interrupt must not reach the index's file reads.
            DocumentIndex.SearchResult result = searches.submit(
                    () -> library.search(query, Map.of(), false, 0, Math.max(1, Math.min(limit, 20)))).get();
            for (DocumentIndex.Hit hit : result.hits()) {
                links.add(new PortalLink(hit.title(), "/legal/document?ref=" + hit.slug(), hit.summary(),
                        "en".equals(language) ? "Legal resources" : "Ressources juridiques"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Legal library search for the portal failed: {}", e.toString());
        }
        return links;
    }
}
