package fr.datagrandest.platform.core.territories;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lambert-93 against IGN's definition: the origin 3°E 46.5°N maps to (700 000, 6 600 000), and every point
 * agrees to the millimetre with the Lambert conformal conic formulas of IGN's note NTG 71 (ALG0054 for the
 * constants of a secant cone, ALG0003 for the projection), written out below independently of proj4j.
 */
class Lambert93Test {

    private static final double MILLIMETRE = 0.001;
    private final Lambert93 lambert93 = new Lambert93();

    @Test
    void mapsTheOriginToItsFalseEastingAndNorthing() {
        double[] xy = lambert93.project(3.0, 46.5);
        assertEquals(700_000.0, xy[0], MILLIMETRE);
        assertEquals(6_600_000.0, xy[1], MILLIMETRE);
    }

    @Test
    void independentFormulasGiveIgnsPublishedConstants() {
        // IGN publishes for Lambert-93: n = 0.7256077650, C = 11 754 255.426 m, Ys = 12 655 612.050 m.
        IgnLambertConic conic = IgnLambertConic.lambert93();
        assertEquals(0.7256077650, conic.n, 1e-10);
        assertEquals(11_754_255.426, conic.c, MILLIMETRE);
        assertEquals(12_655_612.050, conic.ys, MILLIMETRE);
    }

    @ParameterizedTest(name = "lon {0} lat {1}")
    @CsvSource({
            "7.75075, 48.58180",   // Strasbourg cathedral
            "6.17599, 49.11963",   // Metz
            "4.03195, 49.25353",   // Reims
            "4.72089, 49.77207",   // Charleville-Mézières
            "5.13, 47.86",         // south of Haute-Marne
            "8.23, 48.97",         // north-eastern tip of Alsace
            "3.0, 49.0",           // central meridian, standard parallel
            "-1.5, 43.5"})         // far from Grand Est, still in France
    void agreesWithIgnFormulasToTheMillimetre(double longitude, double latitude) {
        double[] expected = IgnLambertConic.lambert93().project(longitude, latitude);
        double[] actual = lambert93.project(longitude, latitude);
        assertEquals(expected[0], actual[0], MILLIMETRE, "easting");
        assertEquals(expected[1], actual[1], MILLIMETRE, "northing");
    }

    /** The secant Lambert conformal conic on an ellipsoid, as IGN's NTG 71 defines it. */
    private static final class IgnLambertConic {

        final double e;
        final double n;
        final double c;
        final double xs;
        final double ys;
        final double lambda0;

        /** GRS 80, standard parallels 44°N and 49°N, origin 3°E 46°30'N at (700 000, 6 600 000). */
        static IgnLambertConic lambert93() {
            return new IgnLambertConic(6_378_137.0, 1 / 298.257222101, 44, 49, 3, 46.5, 700_000, 6_600_000);
        }

        IgnLambertConic(double a, double flattening, double phi1Deg, double phi2Deg, double lambda0Deg,
                double phi0Deg, double x0, double y0) {
            e = Math.sqrt(flattening * (2 - flattening));
            double phi1 = Math.toRadians(phi1Deg);
            double phi2 = Math.toRadians(phi2Deg);
            double phi0 = Math.toRadians(phi0Deg);
            lambda0 = Math.toRadians(lambda0Deg);
            double n1 = a / Math.sqrt(1 - e * e * Math.sin(phi1) * Math.sin(phi1));
            double n2 = a / Math.sqrt(1 - e * e * Math.sin(phi2) * Math.sin(phi2));
            n = Math.log((n2 * Math.cos(phi2)) / (n1 * Math.cos(phi1)))
                    / (isometricLatitude(phi1) - isometricLatitude(phi2));
            c = n1 * Math.cos(phi1) / n * Math.exp(n * isometricLatitude(phi1));
            xs = x0;
            ys = y0 + c * Math.exp(-n * isometricLatitude(phi0));
        }

        double[] project(double longitudeDeg, double latitudeDeg) {
            double radius = c * Math.exp(-n * isometricLatitude(Math.toRadians(latitudeDeg)));
            double gamma = n * (Math.toRadians(longitudeDeg) - lambda0);
            return new double[] {xs + radius * Math.sin(gamma), ys - radius * Math.cos(gamma)};
        }

        /** ALG0001: the isometric latitude of a geodetic latitude. */
        private double isometricLatitude(double phi) {
            double sin = Math.sin(phi);
            return Math.log(Math.tan(Math.PI / 4 + phi / 2) * Math.pow((1 - e * sin) / (1 + e * sin), e / 2));
        }
    }
}
