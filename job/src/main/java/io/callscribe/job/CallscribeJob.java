package io.callscribe.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Production entry point, for {@code flink run -c io.callscribe.job.CallscribeJob callscribe.jar
 * --config config/callscribe.yaml [--set key=value ...]}.
 */
public final class CallscribeJob {

    private CallscribeJob() {}

    public static void main(String[] args) throws Exception {
        Path config = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--set" -> overrides.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --config FILE and --set key=value)");
            }
        }
        Configuration conf = JobConfiguration.load(config, overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaPipeline.define(env, conf);
        env.execute("callscribe");
    }
}
