package fr.datagrandest.test.hello;

import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;

/** Never runs: its bundle requires packages and a capability that do not exist. */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=/hello")
public class BrokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
}
