package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.api.security.Roles;

/**
 * There is no default password. When no account exists, the platform creates {@code admin} (platform-admin)
 * with the password given in {@code DGE_ADMIN_PASSWORD}, or else with a random one that it writes once to
 * {@code DATA/initial-admin-password} (readable by its owner only, from the moment it exists) and prints once.
 */
final class FirstAdministrator {

    static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "initial-admin-password";
    static final String ENVIRONMENT_VARIABLE = "DGE_ADMIN_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdministrator.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final Path dataFolder;
    private final String passwordFromEnvironment;
    private final PrintStream out;
    private final AuditLog audit;
    private final Clock clock;

    FirstAdministrator(AccountStore accounts, PasswordHasher hasher, Path dataFolder, String passwordFromEnvironment,
            PrintStream out, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.dataFolder = dataFolder;
        this.passwordFromEnvironment = passwordFromEnvironment;
        this.out = out;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates the first administrator when there is no account at all; true when it did. */
    boolean createIfNoAccount() throws IOException {
        if (accounts.count() > 0) {
            return false;
        }
        boolean fromEnvironment = passwordFromEnvironment != null && !passwordFromEnvironment.isBlank();
        String password = fromEnvironment ? passwordFromEnvironment : Secrets.randomPassword(24);
        Path file = fromEnvironment ? null : writeOwnerOnly(dataFolder.resolve(PASSWORD_FILE), password);
        var now = clock.instant();
        boolean created = accounts.insert(new Account(USERNAME, Account.LOCAL, hasher.hash(password), true,
                Set.of(Roles.PLATFORM_ADMIN), Set.of(), now, now));
        if (!created) {
            // another node sharing the database was first; its password stands
            if (file != null) {
                Files.deleteIfExists(file);
            }
            return false;
        }
        String how = fromEnvironment ? "the password from " + ENVIRONMENT_VARIABLE : "a random password";
        audit.record(AuditEvent.of("system", "account.create", USERNAME, "success",
                "first start: created the platform administrator with " + how));
        if (fromEnvironment) {
            LOG.info("No account existed: created the platform administrator '{}' with the password from {}", USERNAME,
                    ENVIRONMENT_VARIABLE);
        } else {
            out.println("No account existed: created the platform administrator '" + USERNAME + "'.");
            out.println("Its password, shown only this once: " + password);
            out.println("It is also in " + file.toAbsolutePath() + " (readable by you only): sign in, change it,"
                    + " then delete that file.");
            out.flush();
        }
        return true;
    }

    /** Writes the file so that it is never readable by others, not even between its creation and a chmod. */
    private static Path writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        // No account exists, so a file left here belongs to a database that is gone: replace it.
        Files.deleteIfExists(file);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (OutputStream output = posix
                ? Channels.newOutputStream(Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY)))
                : Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            output.write((content + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!posix) {
            LOG.warn("{} is on a file system without POSIX permissions: restrict who can read it", file);
        }
        return file;
    }
}
