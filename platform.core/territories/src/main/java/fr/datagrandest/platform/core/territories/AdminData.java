package fr.datagrandest.platform.core.territories;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The attributes of the territories as shipped in this bundle (COG 2026): what {@link TerritoryIndex} is built
 * from. Outlines are read separately, on first use, by {@link Outlines}.
 */
record AdminData(Unit region, List<Unit> departements, List<Unit> neighbourDepartements, List<Epci> epcis,
        List<Commune> communes, List<FormerCommune> formerCommunes) {

    /** A région or a département: an official code and name. */
    record Unit(String code, String name) {
    }

    /** An EPCI à fiscalité propre, its municipal population and the départements its member communes lie in. */
    record Epci(String siren, String name, long population, List<String> departements) {
    }

    record Commune(String code, String name, String departement, String epciSiren, long population) {
    }

    /** A commune déléguée or associée: a former commune still known by its name and code. */
    record FormerCommune(String code, String name, String currentCode) {
    }

    /** The bundled files, relative to this class's package. */
    static final String FOLDER = "data/";

    static AdminData readBundled() throws IOException {
        Unit region = null;
        List<Unit> departements = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(open("departements-region-grand-est.json"))) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("region") && value == JsonToken.START_OBJECT) {
                    region = readUnit(parser);
                } else if (field.equals("departements") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        departements.add(readUnit(parser));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (region == null || departements.isEmpty()) {
            throw new IOException("departements-region-grand-est.json names no région or no département");
        }
        List<Unit> neighbours = csv("departements-voisins.csv").stream()
                .map(row -> new Unit(row.get("code"), row.get("nom")))
                .toList();
        List<Epci> epcis = csv("epci-grand-est.csv").stream()
                .map(row -> new Epci(row.get("epci_siren"), row.get("nom"), row.getLong("population_municipale"),
                        List.of(row.get("departements").split(" "))))
                .toList();
        List<Commune> communes = csv("communes-grand-est.csv").stream()
                .map(row -> new Commune(row.get("code_insee"), row.get("nom"), row.get("departement"),
                        row.get("epci_siren"), row.getLong("population")))
                .toList();
        List<FormerCommune> former = csv("communes-deleguees-associees-grand-est.csv").stream()
                .map(row -> new FormerCommune(row.get("code_insee"), row.get("nom"), row.get("commune_parente")))
                .toList();
        return new AdminData(region, List.copyOf(departements), neighbours, epcis, communes, former);
    }

    /** The code and name ({@code nom}) of the object the parser has just entered; other fields are skipped. */
    private static Unit readUnit(JsonParser parser) throws IOException {
        String code = null;
        String name = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "code" -> code = parser.getValueAsString();
                case "nom" -> name = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        if (code == null || name == null) {
            throw new IOException("a région or département lacks its code or name near " + parser.currentLocation());
        }
        return new Unit(code, name);
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual + " near " + parser.currentLocation());
        }
    }

    static InputStream open(String file) throws IOException {
        InputStream in = AdminData.class.getResourceAsStream(FOLDER + file);
        if (in == null) {
            throw new FileNotFoundException("the bundle lacks its data file " + FOLDER + file);
        }
        return in;
    }

    private static List<CsvRows.Row> csv(String file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            return CsvRows.read(reader);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
