package io.callscribe.cli;

import io.callscribe.bench.LiveBench;
import io.callscribe.eval.EvalManifest;
import io.callscribe.job.JobConfiguration;
import io.callscribe.job.JobOptions;
import io.callscribe.kafka.EmbeddedKafka;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code callscribe bench-job}: the streaming job under N concurrent real-time legs. */
@Command(name = "bench-job", mixinStandardHelpOptions = true,
        description = {"Run the job locally under N concurrent legs of real call audio, real-time paced; print final latency",
                "at the operator and at a read_committed consumer, partial cadence, partials shed, whether it kept up,",
                "and CPU per leg-second split into front end, VAD, recognition and the rest (framework, Kafka)."})
public final class JobBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--legs", split = ",", defaultValue = "8,16,24,32,40", description = "Load levels (legs). Default: ${DEFAULT-VALUE}.")
    List<Integer> legs;

    @Option(names = "--model", defaultValue = "moonshine-tiny", description = "Recognizer. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a job setting.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--calls", paramLabel = "DIR", defaultValue = "../shared/eval/hvb-callcenter-dev",
            description = "Set with calls_manifest.tsv whose agent/caller channels are replayed. Default: ${DEFAULT-VALUE}.")
    Path set;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path[]> calls = new ArrayList<>();
        for (EvalManifest.Entry e : EvalManifest.read(set.resolve("calls_manifest.tsv"))) {
            if (e.audio().getParent().getFileName().toString().equals("agent")) {
                calls.add(new Path[] {e.audio(), e.audio().getParent().resolveSibling("caller").resolve(e.audio().getFileName())});
            }
        }
        Configuration conf = JobConfiguration.load(null, overrides);
        conf.set(JobOptions.RECOGNIZER, model);
        LiveBench bench = new LiveBench(calls, conf);
        out.printf(Locale.ROOT, "%5s %8s %24s %24s %9s %6s %7s %32s%n", "legs", "audio s", "final latency at operator",
                "at read_committed", "partial", "shed", "kept", "CPU s per leg-second");
        out.printf(Locale.ROOT, "%5s %8s %24s %24s %9s %6s %7s %32s%n", "", "", "p50 / p95 / p99 ms", "p50 / p95 / p99 ms",
                "every ms", "", "up", "total  front  VAD   ASR   rest");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (int n : legs) {
                LiveBench.Result r = bench.run(kafka, n);
                double legSeconds = r.audioSeconds();
                out.printf(Locale.ROOT, "%5d %8.0f %8d/%6d/%6d  %8d/%6d/%6d %9.0f %6.0f %7s  %.4f %.4f %.4f %.4f %.4f%n", n, legSeconds,
                        LiveBench.percentile(r.operatorLatencyMs(), 50), LiveBench.percentile(r.operatorLatencyMs(), 95),
                        LiveBench.percentile(r.operatorLatencyMs(), 99), LiveBench.percentile(r.committedLatencyMs(), 50),
                        LiveBench.percentile(r.committedLatencyMs(), 95), LiveBench.percentile(r.committedLatencyMs(), 99),
                        r.partialIntervalMs(), r.partialsShed(), r.keptUp() ? "yes" : "NO", r.cpuSeconds() / legSeconds,
                        r.frontEndSeconds() / legSeconds, r.vadSeconds() / legSeconds, r.recognitionSeconds() / legSeconds,
                        (r.cpuSeconds() - r.frontEndSeconds() - r.vadSeconds() - r.recognitionSeconds()) / legSeconds);
                out.flush();
            }
        }
        return 0;
    }
}
