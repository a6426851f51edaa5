package io.callscribe.cli;

import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code callscribe} command. Each tool is a subcommand: add its class to {@code subcommands}.
 * Failures print one line to stderr and exit 1 ({@code --verbose} adds the stack trace); usage
 * errors exit 2.
 */
@Command(name = "callscribe",
        mixinStandardHelpOptions = true,
        versionProvider = CallscribeCli.Version.class,
        description = "Real-time call-center transcription on Apache Flink.",
        subcommands = {
                ModelsCommand.class,
                EvalCommand.class,
                EvalHotwordsCommand.class,
                BenchCommand.class,
                LocalCommand.class,
                JobBenchCommand.class,
                TranscribeCommand.class,
                ReportCommand.class,
        })
public final class CallscribeCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private boolean verbose;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at DEBUG level and print stack traces of failures.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose) {
            Configurator.setRootLevel(Level.DEBUG);
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own out/err writers. */
    public static CommandLine commandLine() {
        CallscribeCli root = new CallscribeCli();
        return new CommandLine(root)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    if (root.verbose) {
                        exception.printStackTrace(commandLine.getErr());
                    } else {
                        String message = exception.getMessage();
                        commandLine.getErr().println("callscribe: "
                                + (message == null || message.isBlank() ? exception.toString() : message));
                    }
                    return 1;
                });
    }

    /** The version recorded in the jar's manifest by the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CallscribeCli.class.getPackage().getImplementationVersion();
            return new String[] {"callscribe " + (version == null ? "(development build)" : version)};
        }
    }
}
