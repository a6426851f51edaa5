package io.callscribe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.bench.MetricsCapture;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.eval.EvalManifest;
import io.callscribe.job.BatchTranscription;
import io.callscribe.job.JobConfiguration;
import io.callscribe.job.JobOptions;
import io.callscribe.job.TranscriptionPipeline;
import io.callscribe.models.ModelStore;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.text.ErrorCounts;
import io.callscribe.text.WordErrorRate;
import io.callscribe.transcribe.Recording;
import io.callscribe.transcribe.RecordingDurations;
import io.callscribe.transcribe.RecordingFinder;
import io.callscribe.transcribe.TranscriptFiles;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code callscribe transcribe}: recorded calls through the streaming job's own operators on a local
 * mini-cluster (BATCH execution by default), written per call as JSON Lines, SRT and WebVTT.
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = {"Transcribe recorded calls (WAV, FLAC, MP3; two channels = agent and customer legs, one channel = one leg)",
                "with the streaming job's operators, run locally as a Flink batch job. Writes <out>/<call ID>.jsonl|.srt|.vtt.",
                "Exit code 1 if any recording could not be read."})
public final class TranscribeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Recordings, or folders searched recursively for them.")
    private List<Path> paths = new ArrayList<>();

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "An evaluation manifest (file and reference columns): transcribe its files and print their WER.")
    private Path manifest;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "transcripts", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--format", split = ",", paramLabel = "jsonl,srt,vtt", defaultValue = "jsonl,srt,vtt",
            description = "Files to write per call. Default: ${DEFAULT-VALUE}.")
    private List<String> formats;

    @Option(names = "--model", paramLabel = "ID", defaultValue = "moonshine-base", description = "Recognizer model. Default: ${DEFAULT-VALUE}.")
    private String model;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model cache folder (default: $CALLSCRIBE_MODEL_DIR or ~/.cache/callscribe/models).")
    private Path modelDir;

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant the calls belong to (review threshold). Default: ${DEFAULT-VALUE}.")
    private String tenant;

    @Option(names = "--mono-leg", defaultValue = "agent", paramLabel = "agent|customer",
            description = "The leg a one-channel recording is. Default: ${DEFAULT-VALUE}.")
    private String monoLeg;

    @Option(names = "--execution", defaultValue = "batch", paramLabel = "batch|streaming",
            description = "Flink execution mode; both give the same transcripts. Default: ${DEFAULT-VALUE}.")
    private String execution;

    @Option(names = "--parallelism", defaultValue = "1", description = "Parallel pipelines (each runs its own models). Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    @Option(names = "--config", paramLabel = "FILE", description = "Job settings (config/callscribe.yaml format).")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job setting, e.g. --set inference.provider=cpu.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines|off",
            description = "Progress display: a bar on a terminal, plain lines otherwise (auto). Default: ${DEFAULT-VALUE}.")
    private String progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        List<Recording> recordings = new ArrayList<>(RecordingFinder.find(paths));
        Map<String, String> references = new TreeMap<>();
        if (manifest != null) {
            Path base = manifest.toAbsolutePath().getParent();
            for (EvalManifest.Entry e : EvalManifest.read(manifest)) {
                String callId = RecordingFinder.callId(base.relativize(e.audio().toAbsolutePath()));
                recordings.add(new Recording(e.audio().toAbsolutePath().toString(), callId));
                references.put(callId, e.reference());
            }
        }
        if (recordings.isEmpty()) {
            throw new IllegalArgumentException("nothing to transcribe: give recordings, folders or --manifest");
        }
        Set<TranscriptFiles.Format> outputs = EnumSet.noneOf(TranscriptFiles.Format.class);
        formats.forEach(f -> outputs.add(TranscriptFiles.Format.valueOf(f.strip().toUpperCase(Locale.ROOT))));
        Leg leg = Leg.fromWire(monoLeg);

        Configuration conf = JobConfiguration.load(config, settings);
        Path root = modelDir != null ? modelDir : ModelStore.defaultRoot();
        if (!settings.stream().anyMatch(s -> s.startsWith(JobOptions.RECOGNIZER.key() + "="))) {
            conf.set(JobOptions.RECOGNIZER, model);
        }
        conf.set(JobOptions.MODEL_DIR, root.toString());
        ModelFetcher fetcher = new ModelFetcher(root);
        fetcher.ensure(conf.get(JobOptions.RECOGNIZER));
        fetcher.ensure("silero-vad-v5");
        if (!settings.stream().anyMatch(s -> s.startsWith(JobOptions.PARTIAL_INTERVAL.key() + "="))) {
            conf.set(JobOptions.PARTIAL_INTERVAL, Duration.ZERO); // nobody watches a recording's partials
            conf.set(JobOptions.PAUSE_PARTIALS, false);
        }
        conf.setString("metrics.reporter.capture.factory.class", MetricsCapture.Factory.class.getName());
        switch (execution.toLowerCase(Locale.ROOT)) {
            case "batch" -> BatchTranscription.useBatchMode(conf);
            case "streaming" -> { }
            default -> throw new IllegalArgumentException("--execution must be batch or streaming, not " + execution);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        TranscriptionPipeline.Outputs job = BatchTranscription.build(env, recordings, tenant, leg, conf);
        ObjectMapper json = new ObjectMapper();
        DataStream<String> results = job.transcripts().filter(TranscriptSegment::isFinal)
                .map(s -> "t" + json.writeValueAsString(s), TypeInformation.of(String.class))
                .union(job.summaries().map(s -> "s" + json.writeValueAsString(s), TypeInformation.of(String.class)),
                        job.deadLetters().map(d -> "d" + json.writeValueAsString(d), TypeInformation.of(String.class)));

        Map<String, List<TranscriptSegment>> finals = new TreeMap<>();
        Map<String, CallSummary> summaries = new TreeMap<>();
        List<DeadLetter> unreadable = new ArrayList<>();
        double audioSeconds = recordings.stream().mapToDouble(RecordingDurations::legSeconds).sum();
        long begin = System.nanoTime();
        boolean terminal = "bar".equals(progress) || ("auto".equals(progress) && System.console() != null);
        try (TranscriptionProgress display = "off".equals(progress) ? null
                : TranscriptionProgress.start(audioSeconds, terminal, spec.commandLine().getErr(), Duration.ofSeconds(10))) {
            var it = results.executeAndCollect("callscribe transcribe");
            while (it.hasNext()) {
                String line = it.next();
                switch (line.charAt(0)) {
                    case 't' -> {
                        TranscriptSegment s = json.readValue(line.substring(1), TranscriptSegment.class);
                        finals.computeIfAbsent(s.callId(), k -> new ArrayList<>()).add(s);
                    }
                    case 's' -> {
                        CallSummary s = json.readValue(line.substring(1), CallSummary.class);
                        summaries.put(s.callId() + "/" + s.leg().wireName(), s);
                    }
                    default -> unreadable.add(json.readValue(line.substring(1), DeadLetter.class));
                }
            }
        }
        double wall = (System.nanoTime() - begin) / 1e9;

        for (Recording r : recordings) {
            if (unreadable.stream().noneMatch(d -> d.key().equals(r.callId()))) {
                TranscriptFiles.write(out, r.callId(), finals.getOrDefault(r.callId(), List.of()), outputs);
            }
        }
        stdout.printf(Locale.ROOT, "%d recordings, %d legs, %.2f h of leg audio (%.0f s) in %.1f s wall (%s execution, %s, parallelism %d): "
                        + "%.1f audio hours per hour%n", recordings.size() - unreadable.size(), summaries.size(), audioSeconds / 3600,
                audioSeconds, wall, execution, conf.get(JobOptions.RECOGNIZER), parallelism, audioSeconds / wall);
        stdout.printf("transcripts in %s%n", out.toAbsolutePath());
        if (!references.isEmpty()) {
            ErrorCounts pooled = ErrorCounts.ZERO;
            WordErrorRate wer = new WordErrorRate();
            for (Map.Entry<String, String> ref : references.entrySet()) {
                CallSummary s = summaries.get(ref.getKey() + "/" + leg.wireName());
                pooled = pooled.plus(wer.score(ref.getValue(), s == null ? "" : s.text()));
            }
            stdout.printf(Locale.ROOT, "WER over %d manifest recordings: %s%n", references.size(), pooled);
        }
        for (DeadLetter d : unreadable) {
            spec.commandLine().getErr().printf("callscribe: %s: %s%n", d.source(), d.detail());
        }
        stdout.flush();
        return unreadable.isEmpty() ? 0 : 1;
    }
}
