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
        Configuration conf = configuration(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaPipeline.define(env, conf);
        env.execute("callscribe");
    }

    /** The job's configuration from its arguments: {@code --config FILE} and {@code --set key=value}, each optional. */
    public static Configuration configuration(String... args) {
        Path config = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.equals("--config") && !name.equals("--set")) {
                throw new IllegalArgumentException("unknown argument " + name + " (use --config FILE and --set key=value)");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value (use --config FILE and --set key=value)");
            }
            if (name.equals("--config")) {
                config = Path.of(args[i + 1]);
            } else {
                overrides.add(args[i + 1]);
            }
        }
        return JobConfiguration.load(config, overrides);
    }
}
