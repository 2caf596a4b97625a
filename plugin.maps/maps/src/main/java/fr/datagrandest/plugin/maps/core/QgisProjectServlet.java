package fr.datagrandest.plugin.maps.core;

import java.awt.Color;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The layer tree as a QGIS project at {@code /maps/qgis/project.qgs}, for QGIS users and the IDG plugin: one
 * group per theme, each layer read from this platform's OGC API Features with its title, abstract and style
 * (single symbol or categorized), in Lambert-93.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/qgis/project.qgs",
        "osgi.http.whiteboard.servlet.name=dge-maps-qgis"})
public class QgisProjectServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String LAMBERT93 = "<spatialrefsys><authid>EPSG:2154</authid><srid>2154</srid>"
            + "<description>RGF93 v1 / Lambert-93</description><projectionacronym>lcc</projectionacronym>"
            + "<ellipsoidacronym>EPSG:7019</ellipsoidacronym><geographicflag>false</geographicflag></spatialrefsys>";
    private static final String WGS84 = "<spatialrefsys><authid>EPSG:4326</authid><srid>4326</srid>"
            + "<description>WGS 84</description><projectionacronym>longlat</projectionacronym>"
            + "<ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>true</geographicflag></spatialrefsys>";

    private final transient LayerRegistry registry;

    @Activate
    public QgisProjectServlet(@Reference LayerRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Disposition", "inline; filename=\"datagrandest.qgs\"");
        Http.text(response, 200, "application/x-qgis-project", project(Http.base(request)));
    }

    String project(String base) {
        Map<String, List<Layer>> themes = new LinkedHashMap<>();
        for (Layer layer : registry.all()) {
            themes.computeIfAbsent(layer.info().theme(), k -> new java.util.ArrayList<>()).add(layer);
        }
        StringBuilder tree = new StringBuilder();
        StringBuilder layers = new StringBuilder();
        for (Map.Entry<String, List<Layer>> theme : themes.entrySet()) {
            tree.append("<layer-tree-group name=\"").append(Http.xml(theme.getKey()))
                    .append("\" checked=\"Qt::Checked\" expanded=\"1\"><customproperties/>");
            for (Layer layer : theme.getValue()) {
                String id = "dge_" + layer.id().replace('-', '_');
                String source = "url='" + base + "/maps/ogcapi' typename='" + layer.id() + "' restrictToRequestBBOX='1'";
                tree.append("<layer-tree-layer id=\"").append(id).append("\" name=\"").append(Http.xml(layer.info().title()))
                        .append("\" providerKey=\"OAPIF\" source=\"").append(Http.xml(source))
                        .append("\" checked=\"").append(layer.id().equals("communes") ? "Qt::Unchecked" : "Qt::Checked")
                        .append("\" expanded=\"0\"><customproperties/></layer-tree-layer>");
                String geometry = switch (layer.geometryType()) {
                    case "point" -> "Point";
                    case "line" -> "Line";
                    default -> "Polygon";
                };
                layers.append("<maplayer type=\"vector\" geometry=\"").append(geometry).append("\" autoRefreshEnabled=\"0\">")
                        .append("<id>").append(id).append("</id><datasource>").append(Http.xml(source)).append("</datasource>")
                        .append("<keywordList>");
                layer.info().keywords().forEach(k -> layers.append("<value>").append(Http.xml(k)).append("</value>"));
                layers.append("</keywordList><layername>").append(Http.xml(layer.info().title())).append("</layername>")
                        .append("<srs>").append(WGS84).append("</srs>")
                        .append("<resourceMetadata><identifier>").append(Http.xml(layer.id())).append("</identifier><title>")
                        .append(Http.xml(layer.info().title())).append("</title><abstract>").append(Http.xml(layer.info().description()))
                        .append("</abstract><rights>").append(Http.xml(layer.info().licence())).append("</rights></resourceMetadata>")
                        .append("<abstract>").append(Http.xml(layer.info().description())).append("</abstract>")
                        .append("<attribution>").append(Http.xml(layer.info().attribution())).append("</attribution>")
                        .append("<provider encoding=\"UTF-8\">OAPIF</provider>");
                renderer(layers, layer);
                if (layer.style().label() != null) {
                    layers.append("<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"")
                            .append(Http.xml(layer.style().label())).append("\" fontSize=\"9\" textColor=\"")
                            .append(rgba(layer.style().labelColor())).append("\"><text-buffer bufferDraw=\"1\" bufferSize=\"0.8\"")
                            .append(" bufferColor=\"255,255,255,255\"/></text-style><placement placement=\"0\"/>")
                            .append("</settings></labeling>");
                }
                layers.append("</maplayer>\n");
            }
            tree.append("</layer-tree-group>");
        }
        return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                + "<qgis projectname=\"DataGrandEst\" version=\"3.22.0\">\n<homePath path=\"\"/><title>DataGrandEst</title>"
                + "<projectCrs>" + LAMBERT93 + "</projectCrs>\n<layer-tree-group><customproperties/>" + tree
                + "</layer-tree-group>\n<projectlayers>\n" + layers + "</projectlayers>\n"
                + "<properties><WMSServiceTitle type=\"QString\">DataGrandEst</WMSServiceTitle></properties>\n</qgis>\n";
    }

    private static void renderer(StringBuilder x, Layer layer) {
        MapStyle s = layer.style();
        if (s.classProperty() != null && !s.classes().isEmpty()) {
            x.append("<renderer-v2 type=\"categorizedSymbol\" attr=\"").append(Http.xml(s.classProperty()))
                    .append("\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>");
            for (int i = 0; i < s.classes().size(); i++) {
                MapStyle.StyleClass c = s.classes().get(i);
                x.append("<category render=\"true\" symbol=\"").append(i).append("\" value=\"").append(Http.xml(c.value()))
                        .append("\" label=\"").append(Http.xml(c.label())).append("\"/>");
            }
            x.append("</categories><symbols>");
            for (int i = 0; i < s.classes().size(); i++) {
                symbol(x, String.valueOf(i), layer, s.classes().get(i).fill(), s.classes().get(i).stroke());
            }
            x.append("</symbols></renderer-v2>");
        } else {
            x.append("<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>");
            symbol(x, "0", layer, s.fill(), s.stroke());
            x.append("</symbols></renderer-v2>");
        }
    }

    private static void symbol(StringBuilder x, String name, Layer layer, Color fill, Color stroke) {
        MapStyle s = layer.style();
        // QGIS widths are in millimetres: a pixel at 96 dpi is about 0.26 mm.
        String width = String.valueOf(Math.max(0.1, s.strokeWidth() * 0.26));
        switch (layer.geometryType()) {
            case "point" -> x.append("<symbol type=\"marker\" name=\"").append(name).append("\" alpha=\"1\">")
                    .append("<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">")
                    .append(prop("color", rgba(fill))).append(prop("outline_color", rgba(stroke)))
                    .append(prop("size", String.valueOf(s.pointSize() * 0.26))).append(prop("name", "circle"))
                    .append("</layer></symbol>");
            case "line" -> x.append("<symbol type=\"line\" name=\"").append(name).append("\" alpha=\"1\">")
                    .append("<layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">")
                    .append(prop("line_color", rgba(stroke))).append(prop("line_width", width))
                    .append("</layer></symbol>");
            default -> x.append("<symbol type=\"fill\" name=\"").append(name).append("\" alpha=\"1\">")
                    .append("<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">")
                    .append(prop("color", rgba(fill))).append(prop("style", fill == null ? "no" : "solid"))
                    .append(prop("outline_color", rgba(stroke))).append(prop("outline_style", stroke == null ? "no" : "solid"))
                    .append(prop("outline_width", width)).append(prop("outline_width_unit", "MM"))
                    .append("</layer></symbol>");
        }
    }

    private static String prop(String k, String v) {
        return "<prop k=\"" + k + "\" v=\"" + Http.xml(v) + "\"/>";
    }

    private static String rgba(Color c) {
        return c == null ? "0,0,0,0" : c.getRed() + "," + c.getGreen() + "," + c.getBlue() + "," + c.getAlpha();
    }
}
