package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * Who is calling: checks passwords (local hash or LDAP bind) under the failed sign-in throttle, API tokens and
 * session cookies, and gives the account behind them. Creates the first administrator on first start.
 */
@Component(service = Authenticator.class, configurationPid = Authenticator.PID)
@Designate(ocd = Authenticator.Config.class)
public class Authenticator {

    static final String PID = "fr.datagrandest.platform.security";
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    @ObjectClassDefinition(name = "Security", description = "Sign-in, sessions, API tokens and password hashing")
    public @interface Config {
        @AttributeDefinition(description = "A browser session ends after this many minutes without a request")
        int sessionIdleMinutes() default 30;

        @AttributeDefinition(description = "A browser session ends this many hours after sign-in, active or not")
        int sessionMaxHours() default 12;

        @AttributeDefinition(description = "Failed sign-ins for one username or one address before it must wait")
        int maxFailedLogins() default 5;

        @AttributeDefinition(description = "The period, in minutes, over which failed sign-ins are counted")
        int failedLoginWindowMinutes() default 15;

        @AttributeDefinition(description = "PBKDF2-HMAC-SHA256 rounds for new passwords (never below 210000);"
                + " older hashes are upgraded at the next sign-in")
        int passwordIterations() default PasswordHasher.MIN_ITERATIONS;

        @AttributeDefinition(description = "Largest JSON body of the security endpoints, in KiB")
        int maxRequestKiB() default 64;

        @AttributeDefinition(description = "Reverse proxies (IP addresses or CIDR blocks) whose X-Forwarded-For header"
                + " gives the client address that sign-in throttling counts; empty: the header is ignored")
        String[] trustedProxies() default {};
    }

    /** How a password reached us: only sign-ins through the login endpoint are audited when they succeed. */
    enum Channel {
        LOGIN, BASIC
    }

    /** A request's identity and, when it came with a session cookie, that session. */
    record SignedIn(UserIdentity identity, Session session) {
    }

    private final SecuritySettings settings;
    private final Clock clock;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final AccountStore accounts;
    private final TokenStore tokens;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final AccountAdministration administration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExternalDirectory directory;

    @Activate
    public Authenticator(BundleContext context, Config config,
            @Reference(target = "(dge.storage.schema=security)") DataSource dataSource, @Reference AuditLog audit)
            throws IOException {
        // Millisecond times: what the database keeps on both dialects, and what the API shows.
        this(new Database(dataSource), settings(config, context.getDataFile("requests").toPath()), audit,
                Clock.tickMillis(ZoneOffset.UTC));
        String data = context.getProperty("dge.data");
        // The one place where the environment is read: the operator's choice of the first password.
        new FirstAdministrator(accounts, hasher, Path.of(data == null ? "data" : data),
                System.getenv(FirstAdministrator.ENVIRONMENT_VARIABLE), System.out, audit, clock).createIfNoAccount();
    }

    Authenticator(Database database, SecuritySettings settings, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
        this.hasher = new PasswordHasher(settings.passwordIterations());
        this.accounts = new AccountStore(database);
        this.tokens = new TokenStore(database, clock);
        this.sessions = new SessionStore(database, clock, settings.sessionIdle(), settings.sessionMax());
        this.throttle = new LoginThrottle(database, clock, settings.maxFailedLogins(), settings.failedLoginWindow());
        this.administration = new AccountAdministration(accounts, hasher, sessions, audit, clock);
    }

    static SecuritySettings settings(Config config, Path requestFolder) {
        return new SecuritySettings(Duration.ofMinutes(config.sessionIdleMinutes()), Duration.ofHours(config.sessionMaxHours()),
                config.maxFailedLogins(), Duration.ofMinutes(config.failedLoginWindowMinutes()),
                Math.max(PasswordHasher.MIN_ITERATIONS, config.passwordIterations()), config.maxRequestKiB() * 1024L,
                requestFolder, TrustedProxies.parse(config.trustedProxies()));
    }

    SecuritySettings settings() {
        return settings;
    }

    /** The address a request came from, seen through the trusted reverse proxies. */
    String clientAddress(jakarta.servlet.http.HttpServletRequest request) {
        return settings.trustedProxies().clientAddress(request);
    }

    Clock clock() {
        return clock;
    }

    TokenStore tokens() {
        return tokens;
    }

    SessionStore sessions() {
        return sessions;
    }

    AccountAdministration administration() {
        return administration;
    }

    PasswordHasher hasher() {
        return hasher;
    }

    /** For tests: an LDAP directory without OSGi. */
    void useDirectory(ExternalDirectory directory) {
        this.directory = directory;
    }

    /**
     * The enabled account whose password this is. Refuses with 429 while the username or the address is
     * throttled (whatever the password), 401 for a wrong password or an unknown user (same message), 401 for
     * a disabled account, 503 when the LDAP directory cannot be reached.
     */
    Account signIn(String username, String password, String address, Channel channel) {
        var blocked = throttle.blockedFor(username, address);
        if (blocked.isPresent()) {
            throw new TooManyAttempts(blocked.getAsLong());
        }
        String name = AccountRules.normalized(username);
        Optional<Account> known = accounts.find(name);
        Optional<Account> verified = verify(name, known, password == null ? "" : password);
        if (verified.isEmpty()) {
            throttle.failed(username, address);
            audit.record(AuditEvent.of("anonymous", "login", known.isPresent() ? name : "(unknown account)", "refused",
                    "wrong password" + (channel == Channel.BASIC ? " (HTTP Basic)" : "")));
            throw Refusals.unauthorized(Refusals.WRONG_CREDENTIALS);
        }
        throttle.succeeded(username);
        Account account = verified.get();
        if (!account.enabled()) {
            audit.record(AuditEvent.of(account.username(), "login", account.username(), "refused", "the account is disabled"));
            throw Refusals.unauthorized("the account '" + account.username() + "' is disabled: ask a platform administrator");
        }
        if (channel == Channel.LOGIN) {
            audit.record(AuditEvent.of(account.username(), "login", account.username(), "success",
                    "signed in with " + (Account.LDAP.equals(account.source()) ? "the LDAP directory" : "a password")));
        }
        return account;
    }

    private Optional<Account> verify(String name, Optional<Account> known, String password) {
        if (known.isPresent() && Account.LOCAL.equals(known.get().source())) {
            Account account = known.get();
            if (!hasher.verify(password, account.passwordHash())) {
                return Optional.empty();
            }
            if (hasher.needsRehash(account.passwordHash())) {
                accounts.updatePasswordHash(account.username(), hasher.hash(password));
                LOG.info("Upgraded the password hash of '{}' to {} iterations", account.username(), hasher.iterations());
            }
            return known;
        }
        ExternalDirectory ldap = directory;
        if (name == null || ldap == null || known.isEmpty() && !ldap.createsAccounts()) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        try {
            return ldap.authenticate(name, password).map(user -> administration.fromDirectory(known, user));
        } catch (ExternalDirectory.Unavailable e) {
            LOG.warn("LDAP sign-in of '{}' failed: {}", name, e.getMessage());
            throw new HttpProblem(503, "Service unavailable",
                    "the LDAP directory cannot be reached: try again later, or sign in with a local account");
        }
    }

    /** The identity of a live session cookie; empty when it is unknown, expired, or its account is disabled or gone. */
    Optional<SignedIn> fromSession(String cookieValue) {
        Optional<Session> session = sessions.find(cookieValue);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Optional<Account> account = accounts.find(session.get().username()).filter(Account::enabled);
        if (account.isEmpty()) {
            sessions.close(cookieValue);
            return Optional.empty();
        }
        return Optional.of(new SignedIn(account.get().identity(), session.get()));
    }

    /** The identity of an API token, or a 401 saying why the token is refused. */
    UserIdentity fromToken(String secret) {
        if (secret == null || secret.isBlank()) {
            throw Refusals.unauthorized("the API token is missing after 'Bearer'");
        }
        TokenStore.Check check = tokens.check(secret.strip());
        if (check.refusal() != null) {
            throw Refusals.unauthorized(switch (check.refusal()) {
                case REVOKED -> "this API token was revoked";
                case EXPIRED -> "this API token has expired: create a new one";
                case UNKNOWN -> "this API token is not valid";
            });
        }
        Account account = accounts.find(check.username())
                .orElseThrow(() -> Refusals.unauthorized("this API token is not valid"));
        if (!account.enabled()) {
            throw Refusals.unauthorized("the account '" + account.username() + "' is disabled: ask a platform administrator");
        }
        return account.identity();
    }
}
