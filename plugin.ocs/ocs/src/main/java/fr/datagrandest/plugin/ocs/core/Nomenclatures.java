package fr.datagrandest.plugin.ocs.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The nomenclature versions and artificialisation matrices shipped as data with the plugin
 * ({@code nomenclatures/index.json} and the CSV files it names).
 */
public final class Nomenclatures {

    /** One nomenclature version: its cover and use codes. */
    public record Version(String id, String label, String source, Map<String, NomenclatureCode> covers,
            Map<String, NomenclatureCode> uses) {
    }

    private final Map<String, Version> versions = new LinkedHashMap<>();
    private final Map<String, ArtificialisationMatrix> matrices = new LinkedHashMap<>();
    private final String defaultMatrix;

    private Nomenclatures(JsonNode index) throws IOException {
        for (JsonNode n : index.path("nomenclatures")) {
            versions.put(n.path("id").asText(), new Version(n.path("id").asText(), n.path("label").asText(),
                    n.path("source").asText(), codes(n.path("coverFile").asText(), "CS"),
                    codes(n.path("useFile").asText(), "US")));
        }
        String chosen = null;
        for (JsonNode m : index.path("matrices")) {
            List<ArtificialisationMatrix.Rule> rules = new ArrayList<>();
            for (Map<String, String> row : Csv.read(resource(m.path("file").asText()))) {
                String threshold = row.get("seuil_m2");
                rules.add(new ArtificialisationMatrix.Rule(Integer.parseInt(row.get("regle")),
                        codeSet(row.get("code_cs")), codeSet(row.get("codes_us")),
                        Boolean.parseBoolean(row.get("artificialise")), row.get("categorie"),
                        threshold == null || threshold.isBlank() ? 0 : Double.parseDouble(threshold)));
            }
            ArtificialisationMatrix matrix = new ArtificialisationMatrix(m.path("id").asText(),
                    m.path("nomenclature").asText(), m.path("label").asText(), m.path("thresholdNote").asText(),
                    rules, strings(m.path("enafUses")), strings(m.path("imperviousCovers")));
            matrices.put(matrix.id(), matrix);
            if (chosen == null || m.path("default").asBoolean()) {
                chosen = matrix.id();
            }
        }
        this.defaultMatrix = chosen;
    }

    /** The tables shipped in the bundle. */
    public static Nomenclatures shipped() {
        try (InputStream in = resource("index.json")) {
            return new Nomenclatures(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the nomenclature tables", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Nomenclatures.class.getResourceAsStream("nomenclatures/" + name);
        if (in == null) {
            throw new IOException("missing nomenclature file " + name);
        }
        return in;
    }

    private static Map<String, NomenclatureCode> codes(String file, String prefix) throws IOException {
        Map<String, String> idToCode = new LinkedHashMap<>();
        List<Map<String, String>> rows = Csv.read(resource(file));
        for (Map<String, String> row : rows) {
            idToCode.put(row.get("id"), row.get("code_prefix"));
        }
        Map<String, NomenclatureCode> codes = new java.util.TreeMap<>(Nomenclatures::compareCodes);
        for (Map<String, String> row : rows) {
            String parent = idToCode.getOrDefault(row.get("parent_id"), "");
            codes.put(row.get("code_prefix"), new NomenclatureCode(row.get("code_prefix"), row.get("label"),
                    row.get("label_short"), parent, row.get("map_color")));
        }
        return codes;
    }

    /** Orders codes as the nomenclature does: CS1 < CS1.1 < CS1.1.1 < CS1.2 < CS2, US2 < US235 < US3. */
    static int compareCodes(String a, String b) {
        String[] pa = a.substring(2).split("\\.");
        String[] pb = b.substring(2).split("\\.");
        int cmp = a.substring(0, 2).compareTo(b.substring(0, 2));
        for (int i = 0; cmp == 0 && i < Math.min(pa.length, pb.length); i++) {
            cmp = pa[i].length() == pb[i].length() ? pa[i].compareTo(pb[i])
                    : pa[i].substring(0, 1).compareTo(pb[i].substring(0, 1)) != 0
                            ? pa[i].substring(0, 1).compareTo(pb[i].substring(0, 1))
                            : Integer.compare(pa[i].length(), pb[i].length());
        }
        return cmp != 0 ? cmp : Integer.compare(pa.length, pb.length);
    }

    private static Set<String> codeSet(String cell) {
        if (cell == null || cell.isBlank() || cell.equals("*")) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(cell.split("\\|")));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    public Map<String, Version> versions() {
        return versions;
    }

    public Map<String, ArtificialisationMatrix> matrices() {
        return matrices;
    }

    /** The matrix used for new imports. */
    public ArtificialisationMatrix defaultMatrix() {
        return matrices.get(defaultMatrix);
    }

    public Optional<ArtificialisationMatrix> matrix(String id) {
        return Optional.ofNullable(matrices.get(id));
    }

    /** The nomenclature version of a matrix. */
    public Version nomenclatureOf(ArtificialisationMatrix matrix) {
        return versions.get(matrix.nomenclature());
    }
}
