package fr.datagrandest.plugin.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import fr.datagrandest.plugin.directory.Entries.Person;
import jakarta.ws.rs.WebApplicationException;

/**
 * The LDAP synchronisation against UnboundID's in-memory LDAP server and the directory on H2: people imported with
 * the file import's duplicate detection and linked to their entry, updated from it, marked (not deleted) when it
 * goes away, groups as working groups, a report per run, dry runs that write nothing, refusals.
 */
class LdapSyncTest {

    static final String BASE = "dc=grandest,dc=fr";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;

    DirectoryTest base;
    Directory directory;
    InMemoryDirectoryServer server;
    Person existing;

    @BeforeEach
    void start() throws Exception {
        base = new DirectoryTest();
        base.database();
        directory = base.directory;
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("cn=annuaire,dc=grandest,dc=fr", "secret-ldap");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        server = new InMemoryDirectoryServer(config);
        server.startListening();
        server.add("dn: " + BASE, "objectClass: domain", "dc: grandest");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        // a person already in the directory (same e-mail and details): found, not duplicated
        existing = directory.searchPeople(DirectoryTest.ADMIN, null, null, "referent",
                base.organisation("conseil departemental moselle").id(), 0, 1).items().get(0);
        person("existing", existing.firstName(), existing.lastName(), null, existing.email(), existing.phone(),
                existing.jobTitle(), existing.organisation().name());
        person("cmartin", "Claire", "Martin", null, "claire.martin@exemple.invalid", "03 53 48 10 01", "Géomaticienne",
                "Conseil départemental de la Moselle");
        person("pdurand", "Paul", "Durand", null, "paul.durand@exemple.invalid", null, null,
                "Conseil départemental de la Moselle");
        person("lroux", null, "Roux", "Léa Roux", "lea.roux@exemple.invalid", null, null, null);
        server.add("dn: cn=sig," + GROUPS, "objectClass: groupOfNames", "cn: Groupe SIG", "description: Les géomaticiens",
                "member: uid=cmartin," + PEOPLE, "member: UID=pdurand, " + PEOPLE, "member: uid=ailleurs,ou=other," + BASE);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutDown(true);
        base.close();
    }

    private void person(String uid, String first, String last, String cn, String mail, String phone, String title,
            String o) throws Exception {
        List<String> ldif = new ArrayList<>(List.of("dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson",
                "uid: " + uid, "cn: " + (cn != null ? cn : first + " " + last), "sn: " + last));
        if (first != null) {
            ldif.add("givenName: " + first);
        }
        if (mail != null) {
            ldif.add("mail: " + mail);
        }
        if (phone != null) {
            ldif.add("telephoneNumber: " + phone);
        }
        if (title != null) {
            ldif.add("title: " + title);
        }
        if (o != null) {
            ldif.add("o: " + o);
        }
        server.add(ldif.toArray(String[]::new));
    }

    LdapSync sync(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("url", "ldap://localhost:" + server.getListenPort(),
                "bindDn", "cn=annuaire,dc=grandest,dc=fr", "password", "secret-ldap", "peopleBaseDns", new String[] {PEOPLE},
                "groupBaseDns", new String[] {GROUPS}, "college", "departements"));
        all.putAll(settings);
        LdapConfiguration config = (LdapConfiguration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LdapConfiguration.class}, (proxy, method, args) -> method.getName().equals("annotationType")
                        ? LdapConfiguration.class : all.getOrDefault(method.getName(), method.getDefaultValue()));
        return new LdapSync(directory, config);
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = base.dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Person byEmail(String email) {
        return directory.searchPeople(DirectoryTest.ADMIN, null, null, null, null, 0, 2000).items().stream()
                .filter(p -> email.equals(p.email())).findFirst().orElseThrow();
    }

    @Test
    void peopleAndGroupsComeFromTheDirectoryAreFollowedAndMarkedWhenTheyGoAway() throws Exception {
        LdapSync sync = sync(Map.of());
        long people = scalar("SELECT COUNT(*) FROM person");

        LdapSync.Report preview = sync.synchronise(DirectoryTest.ADMIN, true);
        assertEquals(4, preview.peopleInDirectory());
        assertEquals(3, preview.imported().created(), preview.summary());
        assertEquals(1, preview.imported().unchanged(), "the person already in the directory is recognised");
        assertEquals(people, scalar("SELECT COUNT(*) FROM person"), "a dry run writes nothing");
        assertEquals(0, scalar("SELECT COUNT(*) FROM person WHERE ldap_key IS NOT NULL"));

        LdapSync.Report first = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(3, first.imported().created(), first.summary());
        assertEquals(4, first.linked(), first.summary());
        assertEquals(people + 3, scalar("SELECT COUNT(*) FROM person"));
        assertEquals(existing.id(), byEmail(existing.email()).id(), "linked, not duplicated");
        Person claire = byEmail("claire.martin@exemple.invalid");
        assertEquals("Conseil départemental de la Moselle", claire.organisation().name());
        assertEquals("Géomaticienne", claire.jobTitle());
        Person lea = byEmail("lea.roux@exemple.invalid");
        assertEquals("Léa", lea.firstName(), "no given name: the first name is what the full name has before the last");
        assertEquals("Roux", lea.lastName());
        assertEquals(1, first.groupsCreated());
        assertEquals(1, first.unknownMembers(), "a member outside the people's base DN is reported");
        var group = directory.groups(DirectoryTest.ADMIN).stream().filter(g -> g.name().equals("Groupe SIG")).findFirst()
                .orElseThrow();
        assertEquals("departements", group.college());
        assertEquals(List.of("Claire Martin", "Paul Durand").stream().sorted().toList(),
                group.members().stream().map(m -> m.name()).sorted().toList());
        assertEquals(List.of(claire.id()), directory.searchPeople(DirectoryTest.READER, "claire martin geomaticienne", null,
                null, null, 0, 5).items().stream().map(Person::id).toList(), "found by the search at once");
        assertEquals(1, scalar("SELECT COUNT(*) FROM ldap_sync_report WHERE dry_run = FALSE"), "a report per run");
        assertEquals(2, ((List<?>) sync.status(DirectoryTest.ADMIN).get("reports")).size());

        LdapSync.Report again = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(0, again.updated(), again.summary());
        assertNull(again.imported(), "everybody is linked: nothing goes through the import");
        assertEquals(0, again.linked() + again.markedMissing() + again.groupsCreated() + again.groupsUpdated(), again.summary());
        assertEquals(people + 3, scalar("SELECT COUNT(*) FROM person"), "a second run changes nothing");

        // a change in LDAP is written to the linked person, with its history
        server.modify("uid=cmartin," + PEOPLE, new Modification(ModificationType.REPLACE, "telephoneNumber", "03 53 48 10 99"));
        LdapSync.Report changed = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(1, changed.updated(), changed.summary());
        assertEquals("03 53 48 10 99", directory.person(DirectoryTest.ADMIN, claire.id()).orElseThrow().phone());
        assertEquals("ldap-update", directory.history(DirectoryTest.ADMIN, "person", claire.id()).stream()
                .map(h -> h.action()).reduce((a, b) -> b).orElseThrow());

        // an entry removed from LDAP: the person stays, marked; back when the entry comes back
        Person paul = byEmail("paul.durand@exemple.invalid");
        server.delete("uid=pdurand," + PEOPLE);
        LdapSync.Report removed = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(1, removed.markedMissing(), removed.summary());
        Person kept = directory.person(DirectoryTest.ADMIN, paul.id()).orElseThrow();
        assertTrue(kept.flags().contains(LdapSync.MISSING), kept.flags().toString());
        assertEquals(0, sync.synchronise(DirectoryTest.ADMIN, false).markedMissing(), "marked once");
        person("pdurand", "Paul", "Durand", null, "paul.durand@exemple.invalid", null, null,
                "Conseil départemental de la Moselle");
        LdapSync.Report returned = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(1, returned.back(), returned.summary());
        assertTrue(directory.person(DirectoryTest.ADMIN, paul.id()).orElseThrow().flags().isEmpty());
        assertEquals(people + 3, scalar("SELECT COUNT(*) FROM person"));

        // a group removed from LDAP is marked, not deleted
        server.delete("cn=sig," + GROUPS);
        assertEquals(1, sync.synchronise(DirectoryTest.ADMIN, false).groupsMarkedMissing());
        assertEquals(1, scalar("SELECT COUNT(*) FROM working_group WHERE name = 'Groupe SIG' AND ldap_missing_at IS NOT NULL"));
    }

    @Test
    void aPersonErasedOnRequestStaysErasedWhileTheirEntryIsStillInLdapUntilTheErasureIsLifted() throws Exception {
        LdapSync sync = sync(Map.of());
        // erased before any run: the entry with the same e-mail address is left out
        directory.erase(DirectoryTest.ADMIN, existing.id(), "demande de la personne");
        LdapSync.Report first = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(1, first.skippedErased(), first.summary());
        assertTrue(first.summary().contains("1 people skipped: erased on request"), first.summary());
        assertEquals(3, first.imported().created(), first.summary());
        assertEquals(0, scalar("SELECT COUNT(*) FROM person WHERE email_key = '" + existing.email().toLowerCase() + "'"));

        // erased after being linked, then their address changed in LDAP: the entry itself is recognised
        Person claire = byEmail("claire.martin@exemple.invalid");
        directory.erase(DirectoryTest.ADMIN, claire.id(), null);
        server.modify("uid=cmartin," + PEOPLE, new Modification(ModificationType.REPLACE, "mail", "c.martin@exemple.invalid"));
        long people = scalar("SELECT COUNT(*) FROM person");
        for (boolean dryRun : new boolean[] {true, false}) {
            LdapSync.Report again = sync.synchronise(DirectoryTest.ADMIN, dryRun);
            assertEquals(2, again.skippedErased(), again.summary());
            assertNull(again.imported(), "nobody left to import");
        }
        assertEquals(people, scalar("SELECT COUNT(*) FROM person"), "nobody came back");
        assertEquals(0, scalar("SELECT COUNT(*) FROM person WHERE email_key IN ('claire.martin@exemple.invalid',"
                + " 'c.martin@exemple.invalid')"));
        var tombstones = directory.erasures().list(DirectoryTest.ADMIN);
        assertEquals(2, tombstones.size());
        assertTrue(tombstones.get(1).ldapEntry() && tombstones.get(1).email());

        // Claire asks to be added again: the administrator lifts her erasure, the next run brings her back
        assertEquals(1, directory.erasures().lift(DirectoryTest.ADMIN, tombstones.get(1).id(), null));
        LdapSync.Report back = sync.synchronise(DirectoryTest.ADMIN, false);
        assertEquals(1, back.skippedErased(), back.summary());
        assertEquals(1, back.imported().created(), back.summary());
        assertEquals("Claire", byEmail("c.martin@exemple.invalid").firstName());
    }

    @Test
    void onlyAdministratorsRunItAndAnUnreachableOrMisconfiguredDirectoryWritesNothing() throws Exception {
        long people = scalar("SELECT COUNT(*) FROM person");
        assertEquals(403, assertThrows(WebApplicationException.class,
                () -> sync(Map.of()).synchronise(DirectoryTest.DEPARTEMENTS, false)).getResponse().getStatus());
        assertEquals(403, assertThrows(WebApplicationException.class,
                () -> sync(Map.of()).status(DirectoryTest.READER)).getResponse().getStatus());
        assertEquals(409, assertThrows(WebApplicationException.class,
                () -> sync(Map.of("url", "")).synchronise(DirectoryTest.ADMIN, false)).getResponse().getStatus());
        WebApplicationException badPassword = assertThrows(WebApplicationException.class,
                () -> sync(Map.of("password", "wrong")).synchronise(DirectoryTest.ADMIN, false));
        assertEquals(502, badPassword.getResponse().getStatus());
        assertTrue(badPassword.getMessage().contains("invalid credentials"), badPassword.getMessage());
        assertEquals(502, assertThrows(WebApplicationException.class,
                () -> sync(Map.of("peopleFilter", "(objectClass=")).synchronise(DirectoryTest.ADMIN, false))
                .getResponse().getStatus());
        int port = server.getListenPort();
        server.shutDown(true);
        assertEquals(502, assertThrows(WebApplicationException.class,
                () -> sync(Map.of("url", "ldap://localhost:" + port, "timeoutSeconds", 2)).synchronise(DirectoryTest.ADMIN, false))
                .getResponse().getStatus());
        assertEquals(people, scalar("SELECT COUNT(*) FROM person"));
        assertEquals(0, scalar("SELECT COUNT(*) FROM ldap_sync_report"));
    }
}
