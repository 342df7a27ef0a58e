package dev.fluxion.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code fluxion}: the parent command; alone it prints its usage and exits with the usage-error code 2. */
@Command(name = "fluxion", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = FluxionCommand.Version.class,
        description = "Differentiates functions written in the Fluxion language and shows the result as numbers, IR, math or DOT.",
        subcommands = {GradCommand.class, JacobianCommand.class, HessianCommand.class, JvpCommand.class, VjpCommand.class,
                EvalCommand.class, IrCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  fluxion grad 'x^3 * y^2' --wrt x,y --at x=2,y=3",
                "  fluxion hessian 'x^3 * y^2' --at x=2,y=3",
                "  fluxion grad 'x^3 * y^2' --wrt x --emit expr",
                "  fluxion grad --file F.fx --fn rosenbrock --at x=1,y=2",
                "", "Exit codes: 0 success, 1 an error in the function or its values, 2 a usage error."})
public final class FluxionCommand implements Callable<Integer> {
    /** The project version, as the build writes it into the jar manifest. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("fluxion: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code fluxion 0.1.0-SNAPSHOT} plus the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FluxionCommand.class.getPackage().getImplementationVersion();
            return new String[] {"fluxion " + (v != null ? v : VERSION),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
