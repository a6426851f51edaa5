package io.callscribe.job;

import io.callscribe.contract.Leg;
import io.callscribe.kafka.TenantTopics;
import io.callscribe.transcribe.RecordingFinder;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ExecutionOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Production entry point, for {@code flink run -c io.callscribe.job.CallscribeJob callscribe.jar
 * --config config/callscribe.yaml [--set key=value ...]}. With {@code --recordings PATH} (files or
 * folders, repeatable; {@code --tenant}, {@code --mono-leg}) it transcribes those recorded calls
 * instead of reading {@code call-audio}, into the same topics; add
 * {@code -Dexecution.runtime-mode=BATCH} to run it as a batch job.
 */
public final class CallscribeJob {

    private CallscribeJob() {}

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        Configuration conf = arguments.configuration();
        List<Path> recordings = arguments.recordings();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (recordings.isEmpty()) {
            KafkaPipeline.define(env, conf);
            env.execute("callscribe");
        } else {
            if (conf.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
                BatchTranscription.useBatchMode(conf);
                env.configure(conf);
            }
            TenantTopics tenantTopics = KafkaPipeline.tenantTopics(conf);
            if (tenantTopics != null) {
                tenantTopics.check(arguments.tenant());
            }
            KafkaPipeline.writeOutputs(BatchTranscription.build(env, RecordingFinder.find(recordings), arguments.tenant(),
                    arguments.monoLeg(), conf), conf);
            env.execute("callscribe: recorded calls");
        }
    }

    /** The job's configuration from its arguments: {@code --config FILE} and {@code --set key=value}, each optional. */
    public static Configuration configuration(String... args) {
        return Arguments.parse(args).configuration();
    }

    /** The job's command line; {@code --recordings} turns it into a run over recorded calls. */
    record Arguments(Path config, List<String> overrides, List<Path> recordings, String tenant, Leg monoLeg) {

        private static final String USAGE =
                "use --config FILE, --set key=value, --recordings PATH, --tenant ID, --mono-leg agent|customer";

        static Arguments parse(String... args) {
            Path config = null;
            List<String> overrides = new ArrayList<>();
            List<Path> recordings = new ArrayList<>();
            String tenant = "default";
            Leg monoLeg = Leg.AGENT;
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value (" + USAGE + ")");
                }
                String value = args[i + 1];
                switch (name) {
                    case "--config" -> config = Path.of(value);
                    case "--set" -> overrides.add(value);
                    case "--recordings" -> recordings.add(Path.of(value));
                    case "--tenant" -> tenant = value;
                    case "--mono-leg" -> monoLeg = Leg.fromWire(value);
                    default -> throw new IllegalArgumentException("unknown argument " + name + " (" + USAGE + ")");
                }
            }
            return new Arguments(config, List.copyOf(overrides), List.copyOf(recordings), tenant, monoLeg);
        }

        Configuration configuration() {
            return JobConfiguration.load(config, overrides);
        }
    }
}
