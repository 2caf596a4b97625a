package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code ./dge}: {@code run}, {@code modules}, {@code backup}, {@code restore}. */
public final class Main {

    static final String USAGE = """
            Usage: dge <command> [options]

            Commands:
              run       start the platform (Ctrl+C stops it)
              modules   administer the modules of a running platform (dge modules --help)
              backup    save the data folder into a zip file: dge backup FILE [--data DIR]
              restore   restore a backup into a stopped platform's data folder: dge restore FILE [--data DIR]
              test      run the whole test suite (same as CI)

            dge run [--profile all|rest|minimal|FILE] [--port N] [--data DIR] [--trace-start]
              --profile  which bundles start (default: all)
                           all      the kernel and every plugin, with demo data
                           rest     the kernel and the Jakarta REST whiteboard plugins publish APIs with
                           minimal  the kernel alone
                           FILE     a hosting provider's list: one bundle symbolic name per line
                                    (wildcard * allowed, # starts a comment), started on top of 'rest'
                                    with the shipped libraries they need; or a bnd run descriptor
              --port     HTTP port (default: 8080)
              --data     data folder (default: ./data); it holds
                           conf/      configuration files (*.cfg, *.config), applied without restart
                           deploy/    drop a bundle jar here to deploy or update it
                           db/        the embedded H2 database
                           files/     the document store
                           modules/   deployed module versions and their desired state
              --trace-start  print how long each bundle took to start
              On first start the 'admin' password is DGE_ADMIN_PASSWORD if set, otherwise a random one
              written once to DATA/initial-admin-password (readable by its owner only) and printed.
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            Runtime.getRuntime().halt(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || isHelp(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "run" -> {
                    if (rest.stream().anyMatch(Main::isHelp)) {
                        out.print(USAGE);
                        yield 0;
                    }
                    RunOptions options = RunOptions.parse(rest);
                    new PlatformLauncher(options, out).launchAndWait();
                    yield 0;
                }
                case "modules" -> new ModulesCommand(out, err).run(rest);
                case "backup", "restore" -> new BackupCommand(out, err).run(args[0], rest);
                default -> {
                    err.println("Unknown command '" + args[0] + "'.");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    /** Where the launcher jar sits: the distribution's home folder. */
    static Path home() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (Exception e) {
            return Path.of(".");
        }
    }
}
