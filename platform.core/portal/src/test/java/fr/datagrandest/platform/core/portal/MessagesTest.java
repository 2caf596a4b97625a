package fr.datagrandest.platform.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages messages = Messages.load();

    @Test
    void everyTextExistsInBothLanguages() {
        assertThat(messages.keys(Language.EN)).containsExactlyInAnyOrderElementsOf(messages.keys(Language.FR));
    }

    @Test
    void argumentsAreFilledInAndApostrophesKept() {
        assertThat(messages.in(Language.FR).format("login.forbidden", "lecteur"))
                .isEqualTo("Le compte « lecteur » n’a pas accès à l’administration. Connectez-vous avec un compte d’administration des modules.");
        assertThat(messages.in(Language.EN).format("search.resultsFor", "eau")).isEqualTo("Results for “eau”");
    }

    @Test
    void scriptsGetTheirTextsWithoutThePrefix() {
        assertThat(messages.in(Language.FR).forScripts()).containsEntry("login.wrong", "Identifiant ou mot de passe incorrect.")
                .doesNotContainKey("site.name");
        assertThat(messages.in(Language.EN).forScripts()).containsEntry("login.wrong", "Wrong username or password.");
    }
}
