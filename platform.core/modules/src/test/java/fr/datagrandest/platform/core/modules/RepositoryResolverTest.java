package fr.datagrandest.platform.core.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import fr.datagrandest.platform.core.modules.RepositoryIndex.Clause;
import fr.datagrandest.platform.core.modules.RepositoryIndex.Offer;
import fr.datagrandest.platform.core.modules.RepositoryResolver.Refused;
import fr.datagrandest.platform.core.modules.RepositoryResolver.Running;
import fr.datagrandest.platform.core.modules.RepositoryResolver.Step;
import fr.datagrandest.platform.core.modules.RepositoryResolver.Use;

/** Reading repository indexes and planning an installation from them, without a framework. */
class RepositoryResolverTest {

    static final String SHA = "a".repeat(64);

    /** An index resource: a bundle exporting and importing packages (version ranges as bnd writes them). */
    static String resource(String bsn, String version, List<String> exports, List<String> imports) {
        StringBuilder xml = new StringBuilder("<resource>\n<capability namespace=\"osgi.identity\">"
                + "<attribute name=\"osgi.identity\" value=\"" + bsn + "\"/><attribute name=\"type\" value=\"osgi.bundle\"/>"
                + "<attribute name=\"version\" type=\"Version\" value=\"" + version + "\"/>"
                + "<attribute name=\"description\" value=\"Module " + bsn + "\"/><attribute name=\"license\" value=\"EUPL-1.2\"/></capability>\n"
                + "<capability namespace=\"osgi.content\"><attribute name=\"osgi.content\" value=\"" + SHA.toUpperCase() + "\"/>"
                + "<attribute name=\"url\" value=\"bundles/" + bsn + "-" + version + ".jar\"/><attribute name=\"size\" type=\"Long\" value=\"1234\"/></capability>\n");
        for (String export : exports) {
            String[] p = export.split(";");
            xml.append("<capability namespace=\"osgi.wiring.package\"><attribute name=\"osgi.wiring.package\" value=\"").append(p[0])
                    .append("\"/><attribute name=\"version\" type=\"Version\" value=\"").append(p[1]).append("\"/></capability>\n");
        }
        for (String imported : imports) {
            String[] p = imported.split(";");
            xml.append("<requirement namespace=\"osgi.wiring.package\"><directive name=\"filter\" value=\"(&amp;(osgi.wiring.package=")
                    .append(p[0]).append(")(version&gt;=").append(p[1]).append(")(!(version&gt;=").append(p[2]).append(")))\"/></requirement>\n");
        }
        return xml.append("</resource>\n").toString();
    }

    static RepositoryIndex index(String... resources) throws Exception {
        String xml = "<?xml version=\"1.0\"?><repository xmlns=\"" + RepositoryIndex.NAMESPACE + "\" name=\"test\">"
                + String.join("", resources) + "</repository>";
        return RepositoryIndex.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), URI.create("http://repo.example/modules/index.xml"));
    }

    static Running running(String bsn, String version, List<Clause> capabilities, List<Use> usedBy) {
        return new Running(bsn, Version.parseVersion(version), capabilities, usedBy);
    }

    static Clause export(String pkg, String version) {
        return new Clause("osgi.wiring.package", Map.of("osgi.wiring.package", pkg, "version", Version.parseVersion(version)), Map.of());
    }

    static Clause importing(String pkg, String from, String to) {
        return new Clause("osgi.wiring.package", Map.of(),
                Map.of("filter", "(&(osgi.wiring.package=" + pkg + ")(version>=" + from + ")(!(version>=" + to + ")))"));
    }

    @Test
    void anIndexGivesNameVersionDescriptionLicenceChecksumAndAbsoluteUrl() throws Exception {
        RepositoryIndex index = index(resource("org.example.a", "1.2.0", List.of("org.example.a.api;1.0.0"), List.of()));
        Offer a = index.offers().get(0);
        assertEquals("org.example.a", a.symbolicName());
        assertEquals(new Version(1, 2, 0), a.version());
        assertEquals("Module org.example.a", a.description());
        assertEquals("EUPL-1.2", a.license());
        assertEquals(SHA, a.sha256());
        assertEquals(1234, a.size());
        assertEquals(URI.create("http://repo.example/modules/bundles/org.example.a-1.2.0.jar"), a.url());
    }

    @Test
    void anIndexServedOverHttpCannotPointToLocalFiles() {
        String xml = "<repository xmlns=\"" + RepositoryIndex.NAMESPACE + "\">"
                + resource("org.example.a", "1.0.0", List.of(), List.of()).replace("bundles/org.example.a-1.0.0.jar", "file:///etc/passwd")
                + "</repository>";
        var refused = assertThrows(RepositoryIndex.InvalidIndex.class, () -> RepositoryIndex.read(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), URI.create("https://repo.example/index.xml")));
        assertTrue(refused.getMessage().contains("outside HTTP(S)"), refused.getMessage());
    }

    @Test
    void aCompressedIndexIsReadToo() throws Exception {
        String xml = "<repository xmlns=\"" + RepositoryIndex.NAMESPACE + "\" name=\"gz\">"
                + resource("org.example.a", "1.0.0", List.of(), List.of()) + "</repository>";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(1, RepositoryIndex.read(new ByteArrayInputStream(bytes.toByteArray()), URI.create("file:/r/index.xml.gz")).offers().size());
    }

    @Test
    void somethingThatIsNotAnIndexIsRefusedWithTheReason() {
        var html = assertThrows(RepositoryIndex.InvalidIndex.class, () -> RepositoryIndex.read(
                new ByteArrayInputStream("<html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8)), URI.create("http://x/index.xml")));
        assertTrue(html.getMessage().contains("the root element is <html>"), html.getMessage());
        var text = assertThrows(RepositoryIndex.InvalidIndex.class, () -> RepositoryIndex.read(
                new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), URI.create("http://x/index.xml")));
        assertTrue(text.getMessage().startsWith("not an XML document"), text.getMessage());
        var entity = assertThrows(RepositoryIndex.InvalidIndex.class, () -> RepositoryIndex.read(new ByteArrayInputStream(
                ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><repository xmlns=\""
                        + RepositoryIndex.NAMESPACE + "\">&x;</repository>").getBytes(StandardCharsets.UTF_8)), URI.create("http://x/index.xml")));
        assertTrue(entity.getMessage().contains("DOCTYPE"), entity.getMessage());
    }

    @Test
    void aModuleComesWithWhatItNeedsDependenciesFirst() throws Exception {
        RepositoryIndex index = index(
                resource("org.example.app", "1.0.0", List.of(), List.of("org.example.lib;1.0;2.0", "org.example.running;1.0;2.0")),
                resource("org.example.lib", "1.0.0", List.of("org.example.lib;1.0.0"), List.of("org.example.base;1.0;2.0")),
                resource("org.example.lib", "1.4.0", List.of("org.example.lib;1.4.0"), List.of("org.example.base;1.0;2.0")),
                resource("org.example.base", "1.1.0", List.of("org.example.base;1.1.0"), List.of()));
        RepositoryResolver resolver = new RepositoryResolver(
                List.of(running("org.example.other", "1.0.0", List.of(export("org.example.running", "1.2.0")), List.of())), index.offers());
        List<Step> steps = resolver.plan(resolver.choose("org.example.app", Optional.empty()));
        assertEquals(List.of("install org.example.base 1.1.0", "install org.example.lib 1.4.0", "install org.example.app 1.0.0"),
                steps.stream().map(s -> s.action() + " " + s.offer().label()).toList());
    }

    @Test
    void aRangeNothingSatisfiesIsRefusedSayingWhatIsOffered() throws Exception {
        RepositoryIndex index = index(
                resource("org.example.app", "1.0.0", List.of(), List.of("org.example.lib;2.0;3.0", "org.example.nowhere;1.0;2.0")),
                resource("org.example.lib", "1.4.0", List.of("org.example.lib;1.4.0"), List.of()));
        RepositoryResolver resolver = new RepositoryResolver(List.of(), index.offers());
        Refused refused = assertThrows(Refused.class, () -> resolver.plan(resolver.choose("org.example.app", Optional.empty())));
        assertEquals(2, refused.reasons.size(), refused.getMessage());
        assertTrue(refused.reasons.get(0).contains("org.example.lib") && refused.reasons.get(0).contains("org.example.lib offers version 1.4.0"),
                refused.getMessage());
        assertTrue(refused.reasons.get(1).contains("org.example.nowhere"), refused.getMessage());
    }

    @Test
    void newModulesThatNeedEachOtherAreInstalledTogether() throws Exception {
        RepositoryIndex index = index(
                resource("org.example.a", "1.0.0", List.of("org.example.a;1.0.0"), List.of("org.example.b;1.0;2.0")),
                resource("org.example.b", "1.0.0", List.of("org.example.b;1.0.0"), List.of("org.example.a;1.0;2.0")));
        RepositoryResolver resolver = new RepositoryResolver(List.of(), index.offers());
        List<Step> steps = resolver.plan(resolver.choose("org.example.a", Optional.empty()));
        assertEquals(List.of("org.example.b 1.0.0", "org.example.a 1.0.0"), steps.stream().map(s -> s.offer().label()).toList());
    }

    @Test
    void aDependencyCycleThroughARunningModuleIsRefusedNamingIt() throws Exception {
        RepositoryIndex index = index(
                resource("org.example.a", "1.0.0", List.of("org.example.a;1.0.0"), List.of("org.example.b;2.0;3.0")),
                resource("org.example.b", "2.0.0", List.of("org.example.b;2.0.0"), List.of("org.example.a;1.0;2.0")));
        Running b = running("org.example.b", "1.0.0", List.of(export("org.example.b", "1.0.0")), List.of());
        RepositoryResolver resolver = new RepositoryResolver(List.of(b), index.offers());
        Refused refused = assertThrows(Refused.class, () -> resolver.plan(resolver.choose("org.example.a", Optional.empty())));
        assertTrue(refused.getMessage().contains("dependency cycle through a running module: org.example.a → org.example.b → org.example.a"),
                refused.getMessage());
    }

    @Test
    void anUpdateThatTakesAwayWhatARunningModuleUsesIsRefused() throws Exception {
        RepositoryIndex index = index(resource("org.example.lib", "2.0.0", List.of("org.example.lib;2.0.0"), List.of()));
        Running lib = running("org.example.lib", "1.0.0", List.of(export("org.example.lib", "1.0.0")),
                List.of(new Use("org.example.map", importing("org.example.lib", "1.0", "2.0"))));
        RepositoryResolver resolver = new RepositoryResolver(List.of(lib), index.offers());
        Refused refused = assertThrows(Refused.class, () -> resolver.plan(resolver.choose("org.example.lib", Optional.empty())));
        assertTrue(refused.getMessage().contains("would break org.example.map"), refused.getMessage());
    }

    @Test
    void aCompatibleUpdateIsPlannedAsAnUpdate() throws Exception {
        RepositoryIndex index = index(resource("org.example.lib", "1.1.0", List.of("org.example.lib;1.1.0"), List.of()));
        Running lib = running("org.example.lib", "1.0.0", List.of(export("org.example.lib", "1.0.0")),
                List.of(new Use("org.example.map", importing("org.example.lib", "1.0", "2.0"))));
        RepositoryResolver resolver = new RepositoryResolver(List.of(lib), index.offers());
        List<Step> steps = resolver.plan(resolver.choose("org.example.lib", Optional.empty()));
        assertEquals(1, steps.size());
        assertEquals("update", steps.get(0).action());
        assertEquals("1.0.0", steps.get(0).fromVersion());
    }

    @Test
    void anUnknownModuleOrVersionIsRefused() throws Exception {
        RepositoryResolver resolver = new RepositoryResolver(List.of(), index(resource("org.example.a", "1.0.0", List.of(), List.of())).offers());
        assertThrows(Refused.class, () -> resolver.choose("org.example.zzz", Optional.empty()));
        Refused version = assertThrows(Refused.class, () -> resolver.choose("org.example.a", Optional.of(new Version(9, 0, 0))));
        assertTrue(version.getMessage().contains("only in [1.0.0]"), version.getMessage());
    }
}
