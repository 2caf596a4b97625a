package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** The QGIS project opened headless with PyQGIS: every layer valid, with features, in its theme group. */
@ExtendWith(BundleContextExtension.class)
class QgisProjectIT {

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @Test
    void pyqgisOpensTheProjectAndEveryLayerLoadsFeatures() throws Exception {
        Path project = Files.createTempFile("datagrandest", ".qgs");
        HttpResponse<Path> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.base + "/maps/qgis/project.qgs")).build(),
                HttpResponse.BodyHandlers.ofFile(project));
        assertTrue(r.statusCode() == 200);
        Path script = Files.createTempFile("qgis", ".py");
        Files.writeString(script, """
                import os, sys
                os.environ['QT_QPA_PLATFORM'] = 'offscreen'
                from qgis.core import QgsApplication, QgsProject, QgsFeatureRequest
                app = QgsApplication([], False)
                app.initQgis()
                project = QgsProject.instance()
                assert project.read(sys.argv[1]), 'the project does not open'
                layers = list(project.mapLayers().values())
                assert len(layers) >= 3, layers
                for layer in layers:
                    assert layer.isValid(), layer.name() + ' is not valid'
                    request = QgsFeatureRequest().setLimit(5)
                    n = sum(1 for _ in layer.getFeatures(request))
                    assert n > 0, layer.name() + ' has no feature'
                    print(layer.name(), layer.providerType(), layer.renderer().type(), n)
                group = project.layerTreeRoot().findGroup('Limites administratives')
                assert group is not None and len(group.findLayers()) >= 3
                deps = project.mapLayersByName('Départements du Grand Est')[0]
                assert deps.renderer().type() == 'categorizedSymbol'
                assert 'départements' in deps.abstract()
                print('OK')
                app.exitQgis()
                """);
        String out = MapsPlatform.run("/usr/bin/python3", script.toString(), project.toString());
        assertTrue(out.contains("OK"), out);
    }
}
