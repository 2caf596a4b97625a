package fr.datagrandest.plugin.maps.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;
import fr.datagrandest.platform.api.catalog.DatasetRef;

/**
 * The catalogue records the layers link to, while a catalogue runs: the maps work the same without it (the
 * reference is optional and dynamic, so the services are not restarted when the catalogue comes or goes), and a
 * catalogue that fails only hides the links.
 */
@Component(service = CatalogLinks.class)
public class CatalogLinks {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogLinks.class);

    private volatile DatasetCatalog catalog;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbind")
    void bind(DatasetCatalog c) {
        catalog = c;
        changed();
    }

    void unbind(DatasetCatalog c) {
        if (catalog == c) {
            catalog = null;
        }
        changed();
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** Called when the catalogue comes or goes (cached capabilities hold its links). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The record a layer links to, when it names one and a catalogue runs and has it. */
    public Optional<DatasetRef> record(LayerInfo info) {
        DatasetCatalog current = catalog;
        if (current == null || info.catalogRecord().isEmpty()) {
            return Optional.empty();
        }
        try {
            return current.dataset(info.catalogRecord());
        } catch (RuntimeException e) {
            LOG.warn("maps: the catalogue could not give the record {} of layer {}: {}", info.catalogRecord(), info.id(),
                    e.toString());
            return Optional.empty();
        }
    }
}
