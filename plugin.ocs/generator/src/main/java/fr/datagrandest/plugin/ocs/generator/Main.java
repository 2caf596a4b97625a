package fr.datagrandest.plugin.ocs.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Command line for benchmarks: writes the synthetic OCS GE of some départements as IGN GeoPackages, and the
 * expected per-département figures as CSV.
 *
 * <pre>
 * java -cp … fr.datagrandest.plugin.ocs.generator.Main COMMUNES.geojson[.gz] OUT_DIR MEAN_CELL_M2 DEP[,DEP…] [YEAR1 YEAR2]
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: Main COMMUNES.geojson[.gz] OUT_DIR MEAN_CELL_M2 DEP[,DEP...] [YEAR1 YEAR2]");
            System.exit(2);
        }
        List<CommuneOutline> all;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            all = CommuneOutlines.read(in);
        }
        Path out = Files.createDirectories(Path.of(args[1]));
        double cell = Double.parseDouble(args[2]);
        int y1 = args.length > 5 ? Integer.parseInt(args[4]) : 2018;
        int y2 = args.length > 5 ? Integer.parseInt(args[5]) : 2021;
        try (PrintWriter expected = new PrintWriter(Files.newBufferedWriter(out.resolve("expected.csv")))) {
            expected.println("departement,polygons,area_m2,artificialised1_m2,artificialised2_m2,"
                    + "artificialisation_m2,enaf_consumption_m2,cover_area2");
            for (String dep : args[3].split(",")) {
                List<CommuneOutline> communes = new ArrayList<>();
                all.stream().filter(c -> c.departement().equals(dep)).forEach(communes::add);
                long start = System.nanoTime();
                SyntheticDataset data = new SyntheticOcsGe(2021, cell).generate(dep, communes, y1, y2);
                GeoPackageWriter.write(data, 1, out.resolve("OCSGE_SYNTHETIQUE_D0" + dep + "_" + y1 + ".gpkg"));
                GeoPackageWriter.write(data, 2, out.resolve("OCSGE_SYNTHETIQUE_D0" + dep + "_" + y2 + ".gpkg"));
                ExpectedIndicators.Figures f = new ExpectedIndicators(data)
                        .sum(communes.stream().map(CommuneOutline::code).toList());
                Map<String, Double> cover = new TreeMap<>(f.coverArea2);
                StringBuilder covers = new StringBuilder();
                cover.forEach((k, v) -> covers.append(covers.isEmpty() ? "" : " ").append(k).append('=')
                        .append(String.format(Locale.ROOT, "%.6f", v)));
                expected.printf(Locale.ROOT, "%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%s%n", dep, f.polygons, f.totalArea,
                        f.artificialised1, f.artificialised2, f.artificialisation, f.enafConsumption, covers);
                System.err.printf(Locale.ROOT, "%s: %d communes, %d polygons per vintage, %.1f s%n", dep,
                        communes.size(), f.polygons, (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
