package fr.datagrandest.platform.core.territories;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void foldsCaseAccentsLigaturesHyphensAndApostrophes() {
        assertEquals("saint die des vosges", SearchText.fold("Saint-Dié-des-Vosges"));
        assertEquals("l hopital", SearchText.fold("L'Hôpital"));
        assertEquals("l hopital", SearchText.fold("  L’HÔPITAL "));
        assertEquals("moeurs verdey", SearchText.fold("Mœurs-Verdey"));
        assertEquals("eurometropole de strasbourg", SearchText.fold("Eurométropole de Strasbourg"));
        assertEquals("", SearchText.fold(" -' "));
        assertArrayEquals(new String[] {"rosnay", "l", "hopital"}, SearchText.words("rosnay l hopital"));
        assertArrayEquals(new String[0], SearchText.words(""));
    }

    @Test
    void readsQuotedCsvFields() throws Exception {
        assertEquals(List.of("240800821", "CC Ardenne, Rives de Meuse", "say \"hi\"", ""),
                CsvRows.split("240800821,\"CC Ardenne, Rives de Meuse\",\"say \"\"hi\"\"\","));
        List<CsvRows.Row> rows = CsvRows.read(new BufferedReader(new StringReader("code,nom\n70,Haute-Saône\n\n")));
        assertEquals(1, rows.size());
        assertEquals("Haute-Saône", rows.get(0).get("nom"));
    }
}
