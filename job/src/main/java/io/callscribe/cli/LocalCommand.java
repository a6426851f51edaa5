package io.callscribe.cli;

import io.callscribe.contract.Codec;
import io.callscribe.job.JobConfiguration;
import io.callscribe.job.JobOptions;
import io.callscribe.local.LocalMode;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.Pacing;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code callscribe local}: the whole pipeline on this machine, a call replayed through it. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run the transcription job locally: in-process Kafka broker (or --bootstrap-servers), Flink mini-cluster",
                "with RocksDB and checkpoints, a call replayed as RTP-like frames in real time, transcripts printed live."})
public final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", arity = "1..2", paramLabel = "FILE",
            description = "Your recording: one stereo file (left = agent, right = customer) or two mono files. Default: the bundled sample call.")
    List<Path> input = new ArrayList<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Use this Kafka cluster instead of the in-process broker.")
    String bootstrapServers;

    @Option(names = "--model", defaultValue = "moonshine-base", description = "Recognizer model. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model cache folder (default: $CALLSCRIBE_MODEL_DIR or ~/.cache/callscribe/models).")
    Path modelDir;

    @Option(names = "--codec", defaultValue = "PCMU", description = "Frames as PCMU, PCMA or L16. Default: ${DEFAULT-VALUE}.")
    String codec;

    @Option(names = "--loss", defaultValue = "0", description = "Packet loss in percent (seeded). Default: ${DEFAULT-VALUE}.")
    double loss;

    @Option(names = "--fast", description = "Replay as fast as possible instead of in real time.")
    boolean fast;

    @Option(names = "--config", paramLabel = "FILE", description = "Job configuration YAML (see config/callscribe.yaml).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a job setting, e.g. --set review.confidence-threshold=0.7.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Configuration conf = JobConfiguration.load(config, overrides);
        conf.set(JobOptions.RECOGNIZER, model);
        if (modelDir != null) {
            conf.set(JobOptions.MODEL_DIR, modelDir.toString());
        }
        LocalMode.Plan plan = new LocalMode.Plan(input, bootstrapServers, Codec.fromWire(codec.toUpperCase(Locale.ROOT)),
                new Impairments(loss / 100, 0, loss > 0 ? 40 : 0), fast ? Pacing.AS_FAST_AS_POSSIBLE : Pacing.REAL_TIME);
        return LocalMode.run(plan, conf, spec.commandLine().getOut(), System.console() != null);
    }
}
