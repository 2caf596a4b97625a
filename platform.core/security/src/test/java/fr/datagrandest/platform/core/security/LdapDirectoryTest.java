package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.core.web.HttpProblem;

/** LDAP sign-in against UnboundID's in-memory directory: bind, user search, group to role mapping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LdapDirectoryTest {

    static final String BASE = "dc=grandest,dc=example";
    static final String SERVICE = "cn=platform,ou=services," + BASE;

    InMemoryDirectoryServer directory;
    int port;

    @BeforeAll
    void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.setEnforceSingleStructuralObjectClass(false);
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: grandest");
        for (String ou : List.of("people", "groups", "services")) {
            directory.add("dn: ou=" + ou + "," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: " + ou);
        }
        directory.add("dn: " + SERVICE, "objectClass: top", "objectClass: person", "cn: platform", "sn: platform",
                "userPassword: service-secret");
        person("amelie", "amelie-ldap-pass");
        person("bruno", "bruno-ldap-pass");
        person("chloe", "chloe-ldap-pass");
        group("dge-admins", "amelie");
        group("editors-etat", "bruno");
        group("editors-epci", "bruno");
        directory.startListening();
        port = directory.getListenPort();
    }

    @AfterAll
    void stopDirectory() {
        directory.shutDown(true);
    }

    private void person(String uid, String password) throws Exception {
        directory.add("dn: uid=" + uid + ",ou=people," + BASE, "objectClass: top", "objectClass: person",
                "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid, "sn: " + uid,
                "userPassword: " + password);
    }

    private void group(String cn, String member) throws Exception {
        directory.add("dn: cn=" + cn + ",ou=groups," + BASE, "objectClass: top", "objectClass: groupOfNames", "cn: " + cn,
                "member: uid=" + member + ",ou=people," + BASE);
    }

    private LdapSettings settings(String userDnPattern, String searchBase, String groupBase, boolean createAccounts) {
        return new LdapSettings("ldap://127.0.0.1:" + port, false, searchBase.isEmpty() ? "" : SERVICE,
                searchBase.isEmpty() ? "" : "service-secret", userDnPattern, searchBase, "(uid={0})", groupBase,
                "(|(member={0})(uniqueMember={0}))", LdapSettings.parseGroupRoles(new String[] {
                        "cn=dge-admins,ou=groups," + BASE + " => platform-admin",
                        "CN=Editors-Etat,OU=groups," + BASE + " => editor:etat; cn=editors-epci,ou=groups," + BASE + " => editor:epci"}),
                createAccounts, Duration.ofSeconds(5));
    }

    @Test
    void aBindWithTheDnPatternChecksThePasswordAndMapsGroupsToRoles() throws Exception {
        LdapDirectory ldap = new LdapDirectory(settings("uid={0},ou=people," + BASE, "", "ou=groups," + BASE, true));

        ExternalDirectory.DirectoryUser amelie = ldap.authenticate("amelie", "amelie-ldap-pass").orElseThrow();
        assertEquals(Set.of(Roles.PLATFORM_ADMIN), amelie.roles());
        assertTrue(amelie.rolesMapped());

        ExternalDirectory.DirectoryUser bruno = ldap.authenticate("bruno", "bruno-ldap-pass").orElseThrow();
        assertEquals(Set.of(Roles.EDITOR), bruno.roles());
        assertEquals(Set.of("etat", "epci"), bruno.colleges(), "group DNs compare case-insensitively");

        assertEquals(Set.of(), ldap.authenticate("chloe", "chloe-ldap-pass").orElseThrow().roles());
        assertEquals(Optional.empty(), ldap.authenticate("amelie", "wrong"));
        assertEquals(Optional.empty(), ldap.authenticate("amelie", ""), "never an anonymous bind");
        assertEquals(Optional.empty(), ldap.authenticate("nobody", "whatever"));
    }

    @Test
    void aServiceAccountSearchFindsTheUser() throws Exception {
        LdapDirectory ldap = new LdapDirectory(settings("", "ou=people," + BASE, "ou=groups," + BASE, true));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN), ldap.authenticate("amelie", "amelie-ldap-pass").orElseThrow().roles());
        assertEquals(Optional.empty(), ldap.authenticate("amelie", "wrong"));
        assertEquals(Optional.empty(), ldap.authenticate("nobody", "x"));
        assertEquals(Optional.empty(), ldap.authenticate("*", "amelie-ldap-pass"), "filter characters are escaped");
    }

    @Test
    void signInThroughTheAuthenticatorCreatesAnLdapAccountAndFollowsItsGroups(@TempDir Path folder) throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            fixture.authenticator.useDirectory(new LdapDirectory(settings("uid={0},ou=people," + BASE, "", "ou=groups," + BASE, true)));

            Account amelie = fixture.authenticator.signIn("amelie", "amelie-ldap-pass", "192.0.2.1", Authenticator.Channel.LOGIN);
            assertEquals(Account.LDAP, amelie.source());
            assertEquals(Set.of(Roles.PLATFORM_ADMIN), amelie.roles());
            assertEquals(null, new AccountStore(fixture.database).find("amelie").orElseThrow().passwordHash());

            // an administrator's change is replaced by the directory's groups at the next sign-in
            fixture.authenticator.administration().update("amelie", new AccountRequest(null, null, null, List.of(Roles.READER),
                    null, null), SecurityFixture.ADMIN);
            assertEquals(Set.of(Roles.PLATFORM_ADMIN),
                    fixture.authenticator.signIn("amelie", "amelie-ldap-pass", "192.0.2.1", Authenticator.Channel.BASIC).roles());

            HttpProblem wrong = assertThrows(HttpProblem.class,
                    () -> fixture.authenticator.signIn("amelie", "wrong", "192.0.2.1", Authenticator.Channel.LOGIN));
            assertEquals(401, wrong.status());
            assertEquals(Refusals.WRONG_CREDENTIALS, wrong.getMessage());

            // local accounts never go to the directory
            assertEquals("admin", fixture.authenticator.signIn("admin", SecurityFixture.ADMIN_PASSWORD, "192.0.2.1",
                    Authenticator.Channel.LOGIN).username());
        }
    }

    @Test
    void withoutAccountCreationOnlyKnownLdapAccountsSignIn(@TempDir Path folder) throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            // no group mapping: the administrator decides the roles
            fixture.authenticator.useDirectory(new LdapDirectory(new LdapSettings("ldap://127.0.0.1:" + port, false, "", "",
                    "uid={0},ou=people," + BASE, "", "(uid={0})", "", "", List.of(), false, Duration.ofSeconds(5))));
            assertEquals(401, assertThrows(HttpProblem.class, () -> fixture.authenticator.signIn("chloe", "chloe-ldap-pass",
                    "192.0.2.1", Authenticator.Channel.LOGIN)).status());
            fixture.authenticator.administration().create(new AccountRequest("chloe", null, "ldap", List.of(Roles.READER),
                    null, null), SecurityFixture.ADMIN);
            assertEquals(Set.of(Roles.READER), fixture.authenticator.signIn("chloe", "chloe-ldap-pass", "192.0.2.1",
                    Authenticator.Channel.LOGIN).roles());
        }
    }

    @Test
    void anUnreachableDirectoryAnswers503AndIsNotCountedAsAFailure(@TempDir Path folder) throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            LdapSettings unreachable = new LdapSettings("ldap://127.0.0.1:1", false, "", "", "uid={0},ou=people," + BASE, "",
                    "(uid={0})", "", "", List.of(), true, Duration.ofSeconds(2));
            fixture.authenticator.useDirectory(new LdapDirectory(unreachable));
            for (int i = 0; i < 6; i++) {
                assertEquals(503, assertThrows(HttpProblem.class, () -> fixture.authenticator.signIn("amelie", "x",
                        "192.0.2.1", Authenticator.Channel.LOGIN)).status());
            }
        }
    }

    @Test
    void badMappingsAndSettingsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> LdapSettings.parseGroupRoles(new String[] {"cn=x => wizard"}));
        assertThrows(IllegalArgumentException.class, () -> LdapSettings.parseGroupRoles(new String[] {"cn=x => editor"}));
        assertThrows(IllegalArgumentException.class, () -> LdapSettings.parseGroupRoles(new String[] {"cn=x"}));
        assertThrows(IllegalArgumentException.class, () -> new LdapSettings("http://x", false, "", "", "uid={0}", "", "", "", "",
                List.of(), true, Duration.ofSeconds(1)));
        assertEquals("a\\,b\\=c\\+d", LdapDirectory.escapeDnValue("a,b=c+d"));
    }
}
