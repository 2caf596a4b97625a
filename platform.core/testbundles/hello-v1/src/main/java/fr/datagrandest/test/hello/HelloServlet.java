package fr.datagrandest.test.hello;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Answers {@code GET /hello} with the version of the bundle that serves it. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/hello",
        "osgi.http.whiteboard.servlet.pattern=/hello/*"})
public class HelloServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String version = FrameworkUtil.getBundle(HelloServlet.class).getVersion().toString();
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(("hello from " + version + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
