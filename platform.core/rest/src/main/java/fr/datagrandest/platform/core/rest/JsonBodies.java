package fr.datagrandest.platform.core.rest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

import fr.datagrandest.platform.core.web.Responses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

/**
 * JSON request and response bodies for every application of the whiteboard, with the kernel's Jackson
 * settings (ISO-8601 dates, records). It advertises {@code osgi.jakartars.media.type=application/json}, so a
 * resource annotated {@code @JSONRequired} waits for it instead of failing. It reads and writes
 * {@code application/json} and every {@code +json} type; strings and byte arrays are left to Jersey.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class}, scope = ServiceScope.PROTOTYPE)
@JakartarsExtension
@JakartarsName("dge.json")
@JakartarsMediaType(MediaType.APPLICATION_JSON)
@JakartarsApplicationSelect("(osgi.jakartars.name=*)")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.WILDCARD)
public class JsonBodies extends JacksonJsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    public JsonBodies() {
        super(Responses.JSON.copy());
    }
}
