package fr.datagrandest.platform.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.datagrandest.platform.api.security.UserIdentity;

class PageRequestTest {

    @Test
    void theLanguageSwitchKeepsTheOtherParametersOfTheAddress() {
        String others = PageRequest.otherParameters("q=saint+di%C3%A9&lang=fr&niveau=commune");
        PageRequest request = new PageRequest(Language.FR, UserIdentity.ANONYMOUS, true, "/territoires", others);

        assertThat(request.inLanguage(Language.EN)).isEqualTo("/territoires?q=saint+di%C3%A9&niveau=commune&lang=en");
        assertThat(request.address()).isEqualTo("/territoires?q=saint+di%C3%A9&niveau=commune");
    }

    @Test
    void anAddressWithoutParametersStaysPlain() {
        PageRequest request = new PageRequest(Language.EN, UserIdentity.ANONYMOUS, true, "/", PageRequest.otherParameters(null));
        assertThat(request.inLanguage(Language.FR)).isEqualTo("/?lang=fr");
        assertThat(request.address()).isEqualTo("/");
        assertThat(PageRequest.otherParameters("lang=en")).isEmpty();
    }

    @Test
    void signedInNeedsTheSecurityModule() {
        UserIdentity alice = new UserIdentity("alice", java.util.Set.of(), java.util.Set.of());
        assertThat(new PageRequest(Language.FR, alice, true, "/", "").signedIn()).isTrue();
        assertThat(new PageRequest(Language.FR, UserIdentity.ANONYMOUS, true, "/", "").signedIn()).isFalse();
        assertThat(new PageRequest(Language.FR, UserIdentity.ANONYMOUS, false, "/", "").signedIn()).isFalse();
    }
}
