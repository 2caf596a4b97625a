package fr.datagrandest.platform.core.rest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;

/** Down while the REST whiteboard does not run: then every REST URL of every plugin answers 404. */
@Component(property = HealthCheck.NAME + "=rest-whiteboard")
public class RestWhiteboardHealth implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JakartarsServiceRuntime runtime;

    @Override
    public HealthResult check() {
        JakartarsServiceRuntime current = runtime;
        if (current == null) {
            return HealthResult.down("the REST whiteboard is not running: check the configuration "
                    + WhiteboardRuntimeSetup.RUNTIME_PID);
        }
        RuntimeDTO dto = current.getRuntimeDTO();
        if (dto.defaultApplication == null) {
            return HealthResult.degraded("the REST whiteboard has no default application");
        }
        return HealthResult.up("default application at " + dto.defaultApplication.base + ", "
                + dto.applicationDTOs.length + " other application(s)");
    }
}
