package fr.datagrandest.platform.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkTargetsTest {

    @Test
    void pathsOfThisSiteAndWebAddressesAreAcceptedForPluginLinks() {
        assertThat(LinkTargets.forLink("/catalog/records?q=eau")).contains("/catalog/records?q=eau");
        assertThat(LinkTargets.forLink(" https://www.geograndest.fr/portail ")).contains("https://www.geograndest.fr/portail");
        assertThat(LinkTargets.forLink("http://example.org")).contains("http://example.org");
    }

    @Test
    void scriptsOtherSchemesAndProtocolRelativeAddressesAreRefused() {
        assertThat(LinkTargets.forLink("javascript:alert(1)")).isEmpty();
        assertThat(LinkTargets.forLink("JaVaScRiPt:alert(1)")).isEmpty();
        assertThat(LinkTargets.forLink("data:text/html,<b>")).isEmpty();
        assertThat(LinkTargets.forLink("//evil.example/")).isEmpty();
        assertThat(LinkTargets.forLink("/\\evil.example/")).isEmpty();
        assertThat(LinkTargets.forLink("catalog")).isEmpty();
        assertThat(LinkTargets.forLink(null)).isEmpty();
    }

    @Test
    void afterSigningInOnlyAPathOfThisSiteIsFollowed() {
        assertThat(LinkTargets.afterLogin("/admin")).isEqualTo("/admin");
        assertThat(LinkTargets.afterLogin("/territoires/commune/67482?x=1")).isEqualTo("/territoires/commune/67482?x=1");
        assertThat(LinkTargets.afterLogin("https://evil.example/")).isEqualTo("/");
        assertThat(LinkTargets.afterLogin("//evil.example/")).isEqualTo("/");
        assertThat(LinkTargets.afterLogin("/login?next=/admin")).isEqualTo("/");
        assertThat(LinkTargets.afterLogin(null)).isEqualTo("/");
    }
}
