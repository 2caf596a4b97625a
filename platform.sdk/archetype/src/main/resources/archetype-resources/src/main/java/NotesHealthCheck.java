package ${package};

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;

/**
 * What {@code GET /health} says about this plugin: UP while its database answers. The kernel reports it under
 * this bundle's symbolic name; a DOWN result makes {@code /health} answer 503.
 */
@Component(property = HealthCheck.NAME + "=notes")
public class NotesHealthCheck implements HealthCheck {

    private final NoteStore store;

    @Activate
    public NotesHealthCheck(@Reference NoteStore store) {
        this.store = store;
    }

    @Override
    public HealthResult check() {
        try {
            return HealthResult.up(store.count() + " notes");
        } catch (Exception e) {
            return HealthResult.down("the notes cannot be read: " + e.getMessage());
        }
    }
}
