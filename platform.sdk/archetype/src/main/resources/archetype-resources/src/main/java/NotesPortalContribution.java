package ${package};

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;

/**
 * The plugin in the portal: an entry in the navigation and its notes among the results of the global search.
 * The entry appears when the plugin starts and disappears when it stops.
 */
@Component
public class NotesPortalContribution implements PortalContribution {

    private static final Logger LOG = LoggerFactory.getLogger(NotesPortalContribution.class);

    private final NoteStore store;

    @Activate
    public NotesPortalContribution(@Reference NoteStore store) {
        this.store = store;
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("${pluginName}", "/${pluginName}/api/notes",
                Map.of("fr", "${pluginTitle}", "en", "${pluginTitle}"), 100));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        String wanted = query.toLowerCase(Locale.ROOT);
        try {
            // A small plugin can filter in Java; a large one would search in SQL or with an index.
            return store.latest(500).stream()
                    .filter(n -> n.title().toLowerCase(Locale.ROOT).contains(wanted))
                    .limit(limit)
                    .map(n -> new PortalLink(n.title(), "/${pluginName}/api/notes", n.body(), "${pluginTitle}"))
                    .toList();
        } catch (SQLException e) {
            // The portal leaves a failing contribution out; say why in the log.
            LOG.warn("search in the notes failed: {}", e.getMessage());
            return List.of();
        }
    }
}
