package fr.datagrandest.plugin.maps.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class SldImportTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void categorizedSld10() {
        String sld = """
                <StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc">
                 <NamedLayer><Name>departements</Name><UserStyle><FeatureTypeStyle>
                  <Rule><Title>Bas-Rhin</Title>
                   <ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>code</ogc:PropertyName><ogc:Literal>67</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>
                   <PolygonSymbolizer><Fill><CssParameter name="fill">#ff0000</CssParameter></Fill>
                    <Stroke><CssParameter name="stroke">#000000</CssParameter></Stroke></PolygonSymbolizer>
                  </Rule>
                  <Rule><Title>Haut-Rhin</Title>
                   <ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>code</ogc:PropertyName><ogc:Literal>68</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>
                   <PolygonSymbolizer><Fill><CssParameter name="fill">#0000ff</CssParameter></Fill></PolygonSymbolizer>
                  </Rule>
                  <Rule><TextSymbolizer><Label><ogc:PropertyName>nom</ogc:PropertyName></Label></TextSymbolizer></Rule>
                 </FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>""";
        MapStyle style = SldImport.parse(sld.getBytes(StandardCharsets.UTF_8), json);
        assertEquals("code", style.classProperty());
        assertEquals(new Color(255, 0, 0), style.fillFor(Map.of("code", "67")));
        assertEquals(new Color(0, 0, 255), style.fillFor(Map.of("code", "68")));
        assertNull(style.fillFor(Map.of("code", "57")));
        assertEquals("Bas-Rhin", style.classes().get(0).label());
        assertEquals("nom", style.label());
    }

    @Test
    void singleSymbolSe11() {
        String se = """
                <StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se">
                 <NamedLayer><se:Name>communes</se:Name><UserStyle><se:FeatureTypeStyle><se:Rule>
                  <se:MaxScaleDenominator>500000</se:MaxScaleDenominator>
                  <se:PolygonSymbolizer><se:Fill><se:SvgParameter name="fill">#fdd49e</se:SvgParameter>
                   <se:SvgParameter name="fill-opacity">0.5</se:SvgParameter></se:Fill>
                   <se:Stroke><se:SvgParameter name="stroke">#b30000</se:SvgParameter><se:SvgParameter name="stroke-width">2</se:SvgParameter></se:Stroke>
                  </se:PolygonSymbolizer></se:Rule></se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>""";
        MapStyle style = SldImport.parse(se.getBytes(StandardCharsets.UTF_8), json);
        assertEquals(new Color(0xfd, 0xd4, 0x9e, 128), style.fill());
        assertEquals(2f, style.strokeWidth());
        assertTrue(style.visibleAt(100000) && !style.visibleAt(1000000));
    }

    @Test
    void dtdsAndUnsupportedFiltersAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<StyledLayerDescriptor>&e;</StyledLayerDescriptor>";
        assertThrows(BadInputException.class, () -> SldImport.parse(xxe.getBytes(StandardCharsets.UTF_8), json));
        String like = "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\">"
                + "<FeatureTypeStyle><Rule><ogc:Filter><ogc:PropertyIsLike/></ogc:Filter><PolygonSymbolizer/></Rule>"
                + "</FeatureTypeStyle></StyledLayerDescriptor>";
        BadInputException e = assertThrows(BadInputException.class,
                () -> SldImport.parse(like.getBytes(StandardCharsets.UTF_8), json));
        assertTrue(e.getMessage().contains("PropertyIsEqualTo"));
    }
}
