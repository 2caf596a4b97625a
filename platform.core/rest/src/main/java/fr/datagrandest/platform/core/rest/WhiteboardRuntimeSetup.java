package fr.datagrandest.platform.core.rest;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the REST whiteboard on: its runtime component only starts once a configuration exists for its PID,
 * and without it every REST URL answers 404. This creates that configuration with the platform's defaults when
 * none exists, and again if an administrator deletes theirs. A file {@code DATA/conf/JakartarsServletWhiteboardRuntimeComponent.cfg}
 * replaces the defaults.
 * <p>
 * The default is {@code jersey.context.path=/}: the base of an application ({@code osgi.jakartars.application.base})
 * is then its URL path as is, so a plugin's application with base {@code /catalog/api} answers under
 * {@code /catalog/api/…}.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class WhiteboardRuntimeSetup implements ConfigurationListener {

    /** The configuration PID the whiteboard runtime of OSGi Technology REST requires. */
    public static final String RUNTIME_PID = "JakartarsServletWhiteboardRuntimeComponent";
    /** The URL path the whiteboard prefixes to every application base. */
    static final String CONTEXT_PATH = "jersey.context.path";

    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardRuntimeSetup.class);

    private final ConfigurationAdmin configurations;

    @Activate
    public WhiteboardRuntimeSetup(@Reference ConfigurationAdmin configurations) throws IOException {
        this.configurations = configurations;
        createWhenAbsent();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED && RUNTIME_PID.equals(event.getPid())) {
            try {
                createWhenAbsent();
            } catch (IOException e) {
                LOG.error("Cannot restore the default configuration of the REST whiteboard: {}", e.getMessage());
            }
        }
    }

    static Dictionary<String, Object> defaults() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CONTEXT_PATH, "/");
        return properties;
    }

    synchronized void createWhenAbsent() throws IOException {
        if (exists()) {
            return;
        }
        // "?" lets the whiteboard bundle use a configuration that another bundle created.
        Configuration configuration = configurations.getConfiguration(RUNTIME_PID, "?");
        if (configuration.getProperties() != null) {
            return; // created meanwhile, from a file: that one wins
        }
        configuration.update(defaults());
        LOG.info("REST whiteboard started with the default configuration ({}=/)", CONTEXT_PATH);
    }

    private boolean exists() throws IOException {
        try {
            return configurations.listConfigurations("(service.pid=" + RUNTIME_PID + ")") != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
