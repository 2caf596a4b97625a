package fr.datagrandest.platform.core.security;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;

import fr.datagrandest.platform.api.security.Roles;

/**
 * Sign-in with an LDAP directory: the user's DN comes from a pattern or a search, the password is checked by
 * binding as that DN, and the user's groups (found by a search and/or the {@code memberOf} attribute) are
 * mapped to roles. Active only when its configuration exists.
 */
@Component(service = ExternalDirectory.class, configurationPid = LdapDirectory.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LdapDirectory.Config.class)
public class LdapDirectory implements ExternalDirectory {

    static final String PID = "fr.datagrandest.platform.security.ldap";

    @ObjectClassDefinition(name = "LDAP sign-in", description = "Lets users sign in with their directory password;"
            + " their directory groups give them roles")
    public @interface Config {
        @AttributeDefinition(description = "ldap://host:389 or ldaps://host:636")
        String url();

        @AttributeDefinition(description = "Upgrade an ldap:// connection with StartTLS before any password is sent")
        boolean startTls() default false;

        @AttributeDefinition(description = "Service account that finds users and reads groups; empty for anonymous")
        String bindDn() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of the service account")
        String bindPassword() default "";

        @AttributeDefinition(description = "The user's DN with {0} for the username, e.g. uid={0},ou=people,dc=example,dc=org;"
                + " leave empty to search the user instead")
        String userDnPattern() default "";

        @AttributeDefinition(description = "Where to search users (when userDnPattern is empty)")
        String userSearchBase() default "";

        @AttributeDefinition(description = "Search filter with {0} for the username")
        String userSearchFilter() default "(uid={0})";

        @AttributeDefinition(description = "Where to search the user's groups; empty to use only the memberOf attribute")
        String groupSearchBase() default "";

        @AttributeDefinition(description = "Group search filter with {0} for the user's DN and {1} for the username")
        String groupSearchFilter() default "(|(member={0})(uniqueMember={0}))";

        @AttributeDefinition(description = "Group to role mappings: '<group DN> => <role>' or '<group DN> => editor:<collège>';"
                + " when any is set, the directory decides the roles of LDAP accounts at each sign-in")
        String[] groupRoles() default {};

        @AttributeDefinition(description = "Create an account at the first sign-in of a directory user")
        boolean createAccounts() default true;

        @AttributeDefinition(description = "Connection and response timeout, in seconds")
        int timeoutSeconds() default 5;
    }

    private final LdapSettings settings;

    @Activate
    public LdapDirectory(Config config) {
        this(new LdapSettings(config.url(), config.startTls(), config.bindDn(), config.bindPassword(), config.userDnPattern(),
                config.userSearchBase(), config.userSearchFilter(), config.groupSearchBase(), config.groupSearchFilter(),
                LdapSettings.parseGroupRoles(config.groupRoles()), config.createAccounts(),
                Duration.ofSeconds(Math.max(1, config.timeoutSeconds()))));
    }

    LdapDirectory(LdapSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean createsAccounts() {
        return settings.createAccounts();
    }

    @Override
    public Optional<DirectoryUser> authenticate(String username, String password) throws Unavailable {
        if (username == null || password == null || password.isEmpty()) {
            return Optional.empty(); // an empty password would be an anonymous bind, which "succeeds"
        }
        try (LDAPConnection connection = connect()) {
            Optional<String> userDn = userDn(connection, username);
            if (userDn.isEmpty()) {
                return Optional.empty();
            }
            try {
                connection.bind(userDn.get(), password);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.NO_SUCH_OBJECT
                        || e.getResultCode() == ResultCode.UNWILLING_TO_PERFORM) {
                    return Optional.empty();
                }
                throw e;
            }
            bindAsService(connection);
            return Optional.of(mapGroups(username, groupsOf(connection, userDn.get(), username)));
        } catch (LDAPException e) {
            throw new Unavailable("the LDAP directory at " + settings.url() + " did not answer as expected: "
                    + e.getResultCode() + " " + e.getDiagnosticMessage(), e);
        }
    }

    private LDAPConnection connect() throws LDAPException, Unavailable {
        LDAPURL url = new LDAPURL(settings.url());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.timeout().toMillis());
        options.setResponseTimeoutMillis(settings.timeout().toMillis());
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        try {
            SSLUtil ssl = new SSLUtil(JVMDefaultTrustManager.getInstance());
            if ("ldaps".equals(url.getScheme())) {
                return new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort());
            }
            LDAPConnection connection = new LDAPConnection(options, url.getHost(), url.getPort());
            if (settings.startTls()) {
                ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(ssl.createSSLContext()));
                if (result.getResultCode() != ResultCode.SUCCESS) {
                    connection.close();
                    throw new Unavailable("the LDAP directory refused StartTLS: " + result.getDiagnosticMessage(), null);
                }
            }
            return connection;
        } catch (GeneralSecurityException e) {
            throw new Unavailable("cannot set up TLS for the LDAP directory: " + e.getMessage(), e);
        }
    }

    private Optional<String> userDn(LDAPConnection connection, String username) throws LDAPException {
        if (settings.userDnPattern() != null && !settings.userDnPattern().isBlank()) {
            return Optional.of(settings.userDnPattern().replace("{0}", escapeDnValue(username)));
        }
        bindAsService(connection);
        SearchRequest search = new SearchRequest(settings.userSearchBase(), SearchScope.SUB,
                settings.userSearchFilter().replace("{0}", Filter.encodeValue(username)), SearchRequest.NO_ATTRIBUTES);
        search.setSizeLimit(2);
        SearchResult result;
        try {
            result = connection.search(search);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty(); // several entries for one name, or no search base: nobody to sign in
            }
            throw e;
        }
        List<SearchResultEntry> entries = result.getSearchEntries();
        return entries.size() == 1 ? Optional.of(entries.get(0).getDN()) : Optional.empty();
    }

    private void bindAsService(LDAPConnection connection) throws LDAPException {
        if (settings.bindDn() != null && !settings.bindDn().isBlank()) {
            connection.bind(settings.bindDn(), settings.bindPassword());
        }
    }

    private Set<DN> groupsOf(LDAPConnection connection, String userDn, String username) throws LDAPException {
        Set<DN> groups = new HashSet<>();
        SearchResultEntry user = connection.getEntry(userDn, "memberOf");
        if (user != null && user.getAttributeValues("memberOf") != null) {
            for (String group : user.getAttributeValues("memberOf")) {
                addDn(groups, group);
            }
        }
        if (settings.groupSearchBase() != null && !settings.groupSearchBase().isBlank()) {
            String filter = settings.groupSearchFilter().replace("{0}", Filter.encodeValue(userDn))
                    .replace("{1}", Filter.encodeValue(username));
            SearchResult result = connection.search(settings.groupSearchBase(), SearchScope.SUB, filter, SearchRequest.NO_ATTRIBUTES);
            for (SearchResultEntry entry : result.getSearchEntries()) {
                addDn(groups, entry.getDN());
            }
        }
        return groups;
    }

    private DirectoryUser mapGroups(String username, Set<DN> groups) {
        Set<String> roles = new HashSet<>();
        Set<String> colleges = new HashSet<>();
        for (LdapSettings.GroupRole mapping : settings.groupRoles()) {
            DN group;
            try {
                group = new DN(mapping.groupDn());
            } catch (LDAPException e) {
                continue;
            }
            if (groups.contains(group)) {
                roles.add(mapping.role());
                if (Roles.EDITOR.equals(mapping.role())) {
                    colleges.add(mapping.college());
                }
            }
        }
        return new DirectoryUser(username, roles, colleges, !settings.groupRoles().isEmpty());
    }

    private static void addDn(Set<DN> groups, String dn) {
        try {
            groups.add(new DN(dn));
        } catch (LDAPException e) {
            // not a DN: a directory quirk, ignore that value
        }
    }

    /** Escapes an attribute value for use inside a DN (RFC 4514, section 2.4). */
    static String escapeDnValue(String value) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            boolean edge = i == 0 && (ch == ' ' || ch == '#') || i == value.length() - 1 && ch == ' ';
            if (edge || "\\,+\"<>;=".indexOf(ch) >= 0) {
                escaped.append('\\').append(ch);
            } else if (ch == '\0') {
                escaped.append("\\00");
            } else {
                escaped.append(ch);
            }
        }
        return escaped.toString();
    }
}
