package fr.datagrandest.plugin.maps.core;

import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import fr.datagrandest.platform.api.maps.MapPreview;

/** Offers the bare viewer ({@code /maps?integre&bbox=…}) to other plugins, for as long as this plugin runs. */
@Component(service = MapPreview.class)
public class MapPreviewService implements MapPreview {

    @Override
    public String previewPath(double west, double south, double east, double north) {
        ViewerServlet.checkBbox(west, south, east, north);
        // Plain decimal numbers (no exponent, '.' whatever the locale): the viewer and readers parse them back.
        return "/maps?integre&bbox=" + number(west) + "," + number(south) + "," + number(east) + "," + number(north);
    }

    private static String number(double v) {
        return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString().toLowerCase(Locale.ROOT);
    }
}
