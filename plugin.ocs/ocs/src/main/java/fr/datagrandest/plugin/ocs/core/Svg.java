package fr.datagrandest.plugin.ocs.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/** Charts and maps drawn on the server as SVG: no script, readable without JavaScript, printable. */
final class Svg {

    private Svg() {
    }

    static String esc(Object o) {
        String s = o == null ? "" : o.toString();
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Hectares, French style ("1 234,5 ha"). */
    static String ha(double m2) {
        return String.format(Locale.FRANCE, "%,.1f ha", m2 / 10_000).replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    static String pct(double share) {
        return String.format(Locale.FRANCE, "%.2f %%", share * 100);
    }

    /** One horizontal stacked bar per vintage, segments coloured by class, with a legend. */
    static String stackedBars(String title, List<Map<String, Object>> classes, int yearFrom, int yearTo) {
        double[] totals = new double[2];
        for (Map<String, Object> c : classes) {
            totals[0] += (Double) c.get("areaFrom");
            totals[1] += (Double) c.get("areaTo");
        }
        int width = 760;
        int barX = 70;
        int barW = width - barX - 10;
        int legendRows = (classes.size() + 2) / 3;
        int height = 90 + legendRows * 20;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " "
                + height + "\" role=\"img\" aria-label=\"" + esc(title) + "\" class=\"chart\">");
        String[] keys = {"areaFrom", "areaTo"};
        int[] years = {yearFrom, yearTo};
        for (int row = 0; row < 2; row++) {
            int y = 10 + row * 35;
            b.append("<text x=\"0\" y=\"").append(y + 18).append("\" class=\"lbl\">").append(years[row]).append("</text>");
            double x = barX;
            for (Map<String, Object> c : classes) {
                double w = totals[row] > 0 ? (Double) c.get(keys[row]) / totals[row] * barW : 0;
                if (w <= 0) {
                    continue;
                }
                b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(y).append("\" width=\"")
                        .append(num(w)).append("\" height=\"26\" fill=\"").append(esc(c.get("color")))
                        .append("\" stroke=\"#fff\" stroke-width=\"0.5\"><title>").append(esc(c.get("code")))
                        .append(' ').append(esc(c.get("label"))).append(" : ")
                        .append(pct((Double) c.get(keys[row]) / totals[row])).append("</title></rect>");
                x += w;
            }
        }
        for (int i = 0; i < classes.size(); i++) {
            Map<String, Object> c = classes.get(i);
            int lx = (i % 3) * 253;
            int ly = 90 + (i / 3) * 20;
            b.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 11).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(esc(c.get("color"))).append("\" stroke=\"#555\" stroke-width=\"0.5\"/>")
                    .append("<text x=\"").append(lx + 16).append("\" y=\"").append(ly).append("\" class=\"leg\">")
                    .append(esc(c.get("code"))).append(' ').append(esc(shorten((String) c.get("label"), 26)))
                    .append("</text>");
        }
        return b.append("</svg>").toString();
    }

    private static String shorten(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Bars for artificialisation, de-artificialisation and net flow (ha). */
    static String flowBars(double artificialisation, double deArtificialisation, double net) {
        double max = Math.max(Math.max(artificialisation, deArtificialisation), Math.abs(net));
        max = max <= 0 ? 1 : max;
        String[] labels = {"Artificialisation", "Désartificialisation", "Solde net"};
        double[] values = {artificialisation, deArtificialisation, net};
        String[] colors = {"#c0392b", "#27ae60", "#34495e"};
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 120\""
                + " role=\"img\" aria-label=\"Flux d'artificialisation entre millésimes\" class=\"chart\">");
        for (int i = 0; i < 3; i++) {
            double w = Math.abs(values[i]) / max * 420;
            int y = 10 + i * 35;
            b.append("<text x=\"0\" y=\"").append(y + 18).append("\" class=\"lbl\">").append(labels[i]).append("</text>")
                    .append("<rect x=\"170\" y=\"").append(y).append("\" width=\"").append(num(w))
                    .append("\" height=\"24\" fill=\"").append(colors[i]).append("\"/>")
                    .append("<text x=\"").append(num(176 + w)).append("\" y=\"").append(y + 17).append("\" class=\"lbl\">")
                    .append(esc(ha(values[i]))).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    /** Cumulative allowance against cumulative consumption, 2021–2031. */
    @SuppressWarnings("unchecked")
    static String trajectory(Map<String, Object> zan) {
        List<Map<String, Object>> points = (List<Map<String, Object>>) zan.get("trajectory");
        double max = 1;
        for (Map<String, Object> p : points) {
            max = Math.max(max, Math.max((Double) p.get("allowance"), (Double) p.get("consumption")));
        }
        int w = 760;
        int h = 260;
        int left = 70;
        int bottom = 30;
        double plotW = w - left - 20;
        double plotH = h - bottom - 20;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h
                + "\" role=\"img\" aria-label=\"Trajectoire ZAN : consommation cumulée et enveloppe 2021-2031\" class=\"chart\">");
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = 20 + plotH - plotH * i / 4;
            b.append("<line x1=\"").append(left).append("\" x2=\"").append(w - 20).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"#ddd\"/>")
                    .append("<text x=\"0\" y=\"").append(num(y + 4)).append("\" class=\"leg\">").append(esc(ha(v)))
                    .append("</text>");
        }
        StringBuilder allowance = new StringBuilder();
        StringBuilder observed = new StringBuilder();
        StringBuilder projected = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            Map<String, Object> p = points.get(i);
            double x = left + plotW * i / (points.size() - 1);
            double ya = 20 + plotH - plotH * (Double) p.get("allowance") / max;
            double yc = 20 + plotH - plotH * (Double) p.get("consumption") / max;
            allowance.append(allowance.isEmpty() ? "M" : " L").append(num(x)).append(' ').append(num(ya));
            if ((Boolean) p.get("observed")) {
                observed.append(observed.isEmpty() ? "M" : " L").append(num(x)).append(' ').append(num(yc));
            }
            if (!(Boolean) p.get("observed") || i + 1 < points.size() && !(Boolean) points.get(i + 1).get("observed")) {
                projected.append(projected.isEmpty() ? "M" : " L").append(num(x)).append(' ').append(num(yc));
            }
            b.append("<text x=\"").append(num(x - 14)).append("\" y=\"").append(h - 8).append("\" class=\"leg\">")
                    .append(p.get("year")).append("</text>");
        }
        b.append("<path d=\"").append(allowance).append("\" fill=\"none\" stroke=\"#2c7bb6\" stroke-width=\"3\"/>");
        if (!observed.isEmpty()) {
            b.append("<path d=\"").append(observed).append("\" fill=\"none\" stroke=\"#d7191c\" stroke-width=\"3\"/>");
        }
        if (!projected.isEmpty()) {
            b.append("<path d=\"").append(projected)
                    .append("\" fill=\"none\" stroke=\"#d7191c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        }
        b.append("<rect x=\"80\" y=\"4\" width=\"14\" height=\"4\" fill=\"#2c7bb6\"/><text x=\"100\" y=\"10\" class=\"leg\">"
                + "Enveloppe cumulée (50 % de 2011-2021)</text><rect x=\"380\" y=\"4\" width=\"14\" height=\"4\""
                + " fill=\"#d7191c\"/><text x=\"400\" y=\"10\" class=\"leg\">Consommation d'ENAF cumulée"
                + " (tirets : projection)</text>");
        return b.append("</svg>").toString();
    }

    static final String[] RAMP = {"#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"};

    /** A choropleth of communes (Lambert-93 outlines) by a share, in 5 classes with the given bounds. */
    static String choropleth(Map<String, Geometry> outlines, Map<String, Double> values, Map<String, String> names,
            double[] bounds, String linkPrefix) {
        Envelope env = new Envelope();
        outlines.values().forEach(g -> env.expandToInclude(g.getEnvelopeInternal()));
        double scale = 700 / Math.max(env.getWidth(), env.getHeight());
        int w = (int) Math.ceil(env.getWidth() * scale) + 2;
        int h = (int) Math.ceil(env.getHeight() * scale) + 2;
        double tolerance = 0.6 / scale;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h
                + "\" role=\"img\" aria-label=\"Carte de la part artificialisée par commune\" class=\"map\">");
        outlines.forEach((code, g) -> {
            Double v = values.get(code);
            String fill = v == null ? "#eeeeee" : RAMP[classOf(v, bounds)];
            Geometry s = TopologyPreservingSimplifier.simplify(g, tolerance);
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < s.getNumGeometries(); i++) {
                Polygon p = (Polygon) s.getGeometryN(i);
                ring(d, p.getExteriorRing().getCoordinates(), env, scale);
                for (int k = 0; k < p.getNumInteriorRing(); k++) {
                    ring(d, p.getInteriorRingN(k).getCoordinates(), env, scale);
                }
            }
            String title = esc(names.getOrDefault(code, code)) + " (" + code + ") : "
                    + (v == null ? "pas de données" : pct(v));
            b.append("<a href=\"").append(esc(linkPrefix + code)).append("\"><path d=\"").append(d)
                    .append("\" fill=\"").append(fill).append("\" fill-rule=\"evenodd\" stroke=\"#777\" stroke-width=\"0.4\"><title>")
                    .append(title).append("</title></path></a>");
        });
        return b.append("</svg>").toString();
    }

    /** Destinations of the Cerema yearly consumption, as the indicators name them, with their French label and colour. */
    static final String[][] DESTINATIONS = {{"habitat", "Habitat", "#e6550d"}, {"activite", "Activité", "#756bb1"},
        {"mixte", "Mixte", "#fdae6b"}, {"routes", "Routes", "#636363"}, {"ferroviaire", "Ferroviaire", "#8c6d31"},
        {"inconnu", "Inconnue", "#bdbdbd"}};

    /** The Cerema consumption per year (1 January to 1 January) as bars stacked by destination, with a legend. */
    static String yearlyConsumption(List<Map<String, Object>> yearly) {
        double max = 1;
        for (Map<String, Object> y : yearly) {
            max = Math.max(max, (Double) y.get("total"));
        }
        int w = 760;
        int h = 290;
        int left = 70;
        int bottom = 60;
        double plotW = w - left - 10;
        double plotH = h - bottom - 20;
        double step = plotW / Math.max(1, yearly.size());
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h
                + "\" role=\"img\" aria-label=\"Consommation d'ENAF par année et par destination (fichiers fonciers)\""
                + " class=\"chart\" id=\"graphique-cerema\">");
        for (int i = 0; i <= 4; i++) {
            double y = 20 + plotH - plotH * i / 4;
            b.append("<line x1=\"").append(left).append("\" x2=\"").append(w - 10).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"#ddd\"/><text x=\"0\" y=\"").append(num(y + 4))
                    .append("\" class=\"leg\">").append(esc(ha(max * i / 4))).append("</text>");
        }
        for (int i = 0; i < yearly.size(); i++) {
            Map<String, Object> year = yearly.get(i);
            double x = left + i * step + step * 0.15;
            double base = 20 + plotH;
            double known = 0;
            for (String[] d : DESTINATIONS) {
                double v = (Double) year.getOrDefault(d[0], 0.0);
                known += v;
                if (v > 0) {
                    double hh = plotH * v / max;
                    base -= hh;
                    b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(base)).append("\" width=\"")
                            .append(num(step * 0.7)).append("\" height=\"").append(num(hh)).append("\" fill=\"").append(d[2])
                            .append("\"><title>").append(year.get("year")).append(" – ").append(d[1]).append(" : ")
                            .append(esc(ha(v))).append("</title></rect>");
                }
            }
            double rest = (Double) year.get("total") - known;
            if (rest > 1e-6) {
                // a file may give the total without the destinations: the rest is drawn as "not detailed"
                double hh = plotH * rest / max;
                base -= hh;
                b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(base)).append("\" width=\"")
                        .append(num(step * 0.7)).append("\" height=\"").append(num(hh)).append("\" fill=\"#ffffff\""
                        + " stroke=\"#999\"><title>").append(year.get("year")).append(" – non détaillé : ")
                        .append(esc(ha(rest))).append("</title></rect>");
            }
            b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(20 + plotH + 16)).append("\" class=\"leg\">")
                    .append(year.get("year")).append("</text>");
        }
        for (int i = 0; i < DESTINATIONS.length; i++) {
            int lx = left + i * 112;
            int ly = h - 12;
            b.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 11).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(DESTINATIONS[i][2]).append("\"/><text x=\"").append(lx + 16).append("\" y=\"").append(ly)
                    .append("\" class=\"leg\">").append(DESTINATIONS[i][1]).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    /**
     * Commune outlines (Lambert-93) as a background to draw on: the {@code data-} attributes give the page's
     * script the transform back to Lambert-93 ({@code x = minx + (px - 1) / scale}, {@code y = maxy - (py - 1) / scale}).
     */
    static String drawingMap(Map<String, Geometry> outlines, Map<String, String> names) {
        Envelope env = new Envelope();
        outlines.values().forEach(g -> env.expandToInclude(g.getEnvelopeInternal()));
        double scale = 700 / Math.max(env.getWidth(), env.getHeight());
        int w = (int) Math.ceil(env.getWidth() * scale) + 2;
        int h = (int) Math.ceil(env.getHeight() * scale) + 2;
        double tolerance = 0.6 / scale;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h
                + "\" role=\"img\" aria-label=\"Carte des communes : cliquez pour placer les sommets de la zone\""
                + " class=\"map drawing\" id=\"carte-dessin\" data-minx=\"" + env.getMinX() + "\" data-maxy=\""
                + env.getMaxY() + "\" data-scale=\"" + scale + "\"><g class=\"communes\">");
        outlines.forEach((code, g) -> {
            Geometry s = TopologyPreservingSimplifier.simplify(g, tolerance);
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < s.getNumGeometries(); i++) {
                Polygon p = (Polygon) s.getGeometryN(i);
                ring(d, p.getExteriorRing().getCoordinates(), env, scale);
                for (int k = 0; k < p.getNumInteriorRing(); k++) {
                    ring(d, p.getInteriorRingN(k).getCoordinates(), env, scale);
                }
            }
            b.append("<path d=\"").append(d).append("\" fill=\"#f4f1e8\" fill-rule=\"evenodd\" stroke=\"#888\""
                    + " stroke-width=\"0.5\"><title>").append(esc(names.getOrDefault(code, code))).append(" (")
                    .append(esc(code)).append(")</title></path>");
        });
        return b.append("</g></svg>").toString();
    }

    static int classOf(double v, double[] bounds) {
        int c = 0;
        while (c < bounds.length && v > bounds[c]) {
            c++;
        }
        return Math.min(c, RAMP.length - 1);
    }

    private static void ring(StringBuilder d, Coordinate[] cs, Envelope env, double scale) {
        for (int i = 0; i < cs.length; i++) {
            d.append(i == 0 ? "M" : "L").append(num((cs[i].x - env.getMinX()) * scale + 1)).append(' ')
                    .append(num((env.getMaxY() - cs[i].y) * scale + 1));
        }
        d.append('Z');
    }
}
