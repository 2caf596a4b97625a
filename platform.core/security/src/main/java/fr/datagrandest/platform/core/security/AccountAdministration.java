package fr.datagrandest.platform.core.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * What a platform administrator does to accounts: create (with a password, or for LDAP), change roles and
 * collèges, enable or disable, reset a password, delete. Every change is audited. The last enabled platform
 * administrator can be neither disabled, demoted nor deleted, so the platform never locks its admins out.
 */
final class AccountAdministration {

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final AuditLog audit;
    private final Clock clock;

    AccountAdministration(AccountStore accounts, PasswordHasher hasher, SessionStore sessions, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    List<AccountView> list() {
        return accounts.list().stream().map(Account::view).toList();
    }

    AccountView get(String username) {
        return existing(username).view();
    }

    AccountView create(AccountRequest request, UserIdentity actor) {
        String username = AccountRules.username(request.username());
        String source = source(request.source(), Account.LOCAL);
        String hash = null;
        if (Account.LOCAL.equals(source)) {
            AccountRules.password(request.password(), username);
            hash = hasher.hash(request.password());
        } else if (request.password() != null) {
            throw HttpProblem.badRequest("an LDAP account has no password here: the directory checks it");
        }
        Set<String> roles = AccountRules.roles(orEmpty(request.roles()));
        Set<String> colleges = AccountRules.colleges(orEmpty(request.colleges()));
        AccountRules.editorHasColleges(roles, colleges);
        Instant now = clock.instant();
        Account account = new Account(username, source, hash, request.enabled() == null || request.enabled(), roles, colleges, now, now);
        if (!accounts.insert(account)) {
            throw HttpProblem.conflict("an account named '" + username + "' already exists: change it with PUT /api/admin/accounts/" + username);
        }
        audit.record(AuditEvent.of(actor.username(), "account.create", username, "success",
                source + " account, roles " + account.view().roles() + collegesText(colleges) + (account.enabled() ? "" : ", disabled")));
        return account.view();
    }

    AccountView update(String username, AccountRequest request, UserIdentity actor) {
        Account current = existing(username);
        if (request.username() != null && !current.username().equals(AccountRules.normalized(request.username()))) {
            throw HttpProblem.badRequest("an account cannot be renamed: create a new one instead");
        }
        String source = source(request.source(), current.source());
        String hash = current.passwordHash();
        List<String> changes = new ArrayList<>();
        boolean passwordReset = false;
        if (Account.LDAP.equals(source)) {
            if (request.password() != null) {
                throw HttpProblem.badRequest("an LDAP account has no password here: the directory checks it");
            }
            hash = null;
        } else if (request.password() != null) {
            AccountRules.password(request.password(), current.username());
            hash = hasher.hash(request.password());
            passwordReset = true;
            changes.add("password reset");
        } else if (hash == null) {
            throw HttpProblem.badRequest("a local account needs a password: add \"password\"");
        }
        if (!source.equals(current.source())) {
            changes.add("source " + current.source() + " → " + source);
        }
        Set<String> roles = request.roles() == null ? current.roles() : AccountRules.roles(request.roles());
        Set<String> colleges = request.colleges() == null ? current.colleges() : AccountRules.colleges(request.colleges());
        AccountRules.editorHasColleges(roles, colleges);
        if (!roles.equals(current.roles())) {
            changes.add("roles " + sorted(current.roles()) + " → " + sorted(roles));
        }
        if (!colleges.equals(current.colleges())) {
            changes.add("collèges " + sorted(current.colleges()) + " → " + sorted(colleges));
        }
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        if (enabled != current.enabled()) {
            changes.add(enabled ? "enabled" : "disabled");
        }
        Account updated = new Account(current.username(), source, hash, enabled, roles, colleges, current.createdAt(), clock.instant());
        if (isActiveAdmin(current) && !isActiveAdmin(updated)) {
            requireAnotherAdmin(current.username(), enabled ? "remove the platform-admin role of" : "disable");
        }
        if (changes.isEmpty()) {
            return current.view();
        }
        if (!accounts.update(updated)) {
            throw HttpProblem.notFound("there is no account named '" + current.username() + "'");
        }
        if (passwordReset || !enabled || !source.equals(current.source())) {
            sessions.closeAll(current.username()); // whoever held the old password or session is signed out
        }
        audit.record(AuditEvent.of(actor.username(), "account.update", current.username(), "success", String.join("; ", changes)));
        return updated.view();
    }

    void delete(String username, UserIdentity actor) {
        Account current = existing(username);
        if (isActiveAdmin(current)) {
            requireAnotherAdmin(current.username(), "delete");
        }
        if (!accounts.delete(current.username())) {
            throw HttpProblem.notFound("there is no account named '" + current.username() + "'");
        }
        audit.record(AuditEvent.of(actor.username(), "account.delete", current.username(), "success",
                current.source() + " account deleted with its sessions and API tokens"));
    }

    /**
     * The account of a directory user who just signed in: created at the first sign-in, and given the roles
     * of its groups when the directory decides roles.
     */
    Account fromDirectory(Optional<Account> known, ExternalDirectory.DirectoryUser user) {
        Instant now = clock.instant();
        if (known.isEmpty()) {
            Account created = new Account(user.username(), Account.LDAP, null, true, user.roles(), user.colleges(), now, now);
            if (accounts.insert(created)) {
                audit.record(AuditEvent.of("system", "account.create", user.username(), "success",
                        "ldap account created at first sign-in, roles " + sorted(user.roles()) + collegesText(user.colleges())));
                return created;
            }
            return existing(user.username()); // created meanwhile by a concurrent sign-in
        }
        Account account = known.get();
        if (!user.rolesMapped() || account.roles().equals(user.roles()) && account.colleges().equals(user.colleges())) {
            return account;
        }
        Account updated = new Account(account.username(), account.source(), null, account.enabled(), user.roles(),
                user.colleges(), account.createdAt(), now);
        accounts.update(updated);
        audit.record(AuditEvent.of("system", "account.update", account.username(), "success", "roles from the LDAP groups: "
                + sorted(account.roles()) + " → " + sorted(user.roles()) + collegesText(user.colleges())));
        return updated;
    }

    private Account existing(String username) {
        String name = AccountRules.normalized(username);
        return accounts.find(name).orElseThrow(() -> HttpProblem.notFound("there is no account named '"
                + AccountRules.printable(username) + "'"));
    }

    private void requireAnotherAdmin(String username, String verb) {
        if (accounts.otherEnabledPlatformAdmins(username) == 0) {
            throw HttpProblem.conflict("cannot " + verb + " '" + username + "': it is the last enabled platform administrator;"
                    + " give the platform-admin role to another account first");
        }
    }

    private static boolean isActiveAdmin(Account account) {
        return account.enabled() && account.roles().contains(Roles.PLATFORM_ADMIN);
    }

    private static String source(String requested, String fallback) {
        if (requested == null) {
            return fallback;
        }
        if (!Account.LOCAL.equals(requested) && !Account.LDAP.equals(requested)) {
            throw HttpProblem.badRequest("unknown source '" + AccountRules.printable(requested) + "': use local or ldap");
        }
        return requested;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static List<String> sorted(Set<String> values) {
        return new ArrayList<>(new TreeSet<>(values));
    }

    private static String collegesText(Set<String> colleges) {
        return colleges.isEmpty() ? "" : ", collèges " + sorted(colleges);
    }
}
