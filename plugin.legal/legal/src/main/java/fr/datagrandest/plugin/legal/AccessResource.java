package fr.datagrandest.plugin.legal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.legal.library.LegalLibrary;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /legal/api/access}: whether the caller may manage the library, so pages show the editing tools. */
@Component(service = AccessResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("access")
@Produces(MediaType.APPLICATION_JSON)
public class AccessResource {

    private final LegalLibrary library;

    @Activate
    public AccessResource(@Reference LegalLibrary library) {
        this.library = library;
    }

    @GET
    public Map<String, Object> access(@Context HttpServletRequest request) {
        Caller caller = Caller.of(request, library.configuration().editorCollege());
        return Map.of("username", caller.name(), "editor", caller.editor(), "editorCollege", library.configuration().editorCollege());
    }
}
