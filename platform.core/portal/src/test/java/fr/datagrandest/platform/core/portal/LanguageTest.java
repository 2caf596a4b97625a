package fr.datagrandest.platform.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void theParameterWinsOverTheCookieWhichWinsOverTheBrowser() {
        assertThat(Language.resolve("en", "fr", "fr-FR")).isEqualTo(Language.EN);
        assertThat(Language.resolve(null, "en", "fr-FR")).isEqualTo(Language.EN);
        assertThat(Language.resolve("", "fr", "en-GB,en;q=0.9")).isEqualTo(Language.FR);
        assertThat(Language.resolve(null, null, "en-GB,en;q=0.9")).isEqualTo(Language.EN);
    }

    @Test
    void aLanguageWeDoNotSpeakIsIgnoredAtEveryStep() {
        assertThat(Language.resolve("de", "it", "es-ES")).isEqualTo(Language.FR);
        assertThat(Language.resolve("xx", null, "en")).isEqualTo(Language.EN);
    }

    @Test
    void frenchWhenNothingIsAsked() {
        assertThat(Language.resolve(null, null, null)).isEqualTo(Language.FR);
        assertThat(Language.resolve(null, null, "*")).isEqualTo(Language.FR);
    }

    @Test
    void theBrowsersPreferenceFollowsTheWeights() {
        assertThat(Language.preferred("de;q=1, fr;q=0.5, en;q=0.8")).contains(Language.EN);
        assertThat(Language.preferred("en;q=0, fr;q=0.1")).contains(Language.FR);
        assertThat(Language.preferred("en;q=0")).isEmpty();
        assertThat(Language.preferred("fr-BE, en;q=0.9")).contains(Language.FR);
        assertThat(Language.preferred("en;q=bogus, fr;q=0.2")).contains(Language.FR);
    }

    @Test
    void tagsAreReadLeniently() {
        assertThat(Language.of(" EN ")).contains(Language.EN);
        assertThat(Language.of("fr-CA")).contains(Language.FR);
        assertThat(Language.of("english")).isEmpty();
    }
}
