package io.callscribe.job;

import io.callscribe.contract.Leg;
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
        Path config = null;
        List<String> overrides = new ArrayList<>();
        List<Path> recordings = new ArrayList<>();
        String tenant = "default";
        Leg monoLeg = Leg.AGENT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--set" -> overrides.add(args[++i]);
                case "--recordings" -> recordings.add(Path.of(args[++i]));
                case "--tenant" -> tenant = args[++i];
                case "--mono-leg" -> monoLeg = Leg.fromWire(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --config FILE, --set key=value, --recordings PATH, --tenant ID, --mono-leg agent|customer)");
            }
        }
        Configuration conf = JobConfiguration.load(config, overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (recordings.isEmpty()) {
            KafkaPipeline.define(env, conf);
            env.execute("callscribe");
        } else {
            if (conf.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
                BatchTranscription.useBatchMode(conf);
                env.configure(conf);
            }
            KafkaPipeline.writeOutputs(BatchTranscription.build(env, RecordingFinder.find(recordings), tenant, monoLeg, conf), conf);
            env.execute("callscribe: recorded calls");
        }
    }
}
