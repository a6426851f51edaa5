package io.callscribe.cli;

import io.callscribe.report.BenchmarkSuite;
import io.callscribe.report.PerformanceFigures;
import io.callscribe.report.PerformanceReport;
import io.callscribe.report.SuiteSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code callscribe report}: run the benchmark suite and write the performance report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Run the benchmark suite (model bench, WER per telephony condition, the whole job under live load) and write",
                "a Markdown report with PNG charts and a capacity guide, plus figures.json with every raw figure.",
                "The full suite takes about 15 minutes on 2 cores; --quick is a smoke run of a few minutes."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/performance",
            description = "Report folder (README.md, figures.json, PNGs). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--from-json", paramLabel = "FILE", description = "Draw the report from saved figures (a figures.json) without running anything.")
    Path fromJson;

    @Option(names = "--quick", description = "Smoke-run sizes: one model, one segment length, 5 segments per condition, one load level of 2 legs.")
    boolean quick;

    @Option(names = "--legs", split = ",", description = "Live load levels in legs (default 8,16,24,32,40; --quick: 2).")
    List<Integer> legs;

    @Option(names = "--model", paramLabel = "ID", description = "Recognizer of the live job (default moonshine-tiny).")
    String model;

    @Option(names = "--models", split = ",", paramLabel = "ID",
            description = "Recognizers of the model bench and the accuracy runs (default moonshine-tiny,moonshine-base; --quick: moonshine-tiny).")
    List<String> models;

    @Option(names = "--provider", defaultValue = "auto", paramLabel = "cpu|cuda|auto",
            description = "ONNX Runtime execution provider for every run. Default: ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model cache folder (default: $CALLSCRIBE_MODEL_DIR or ~/.cache/callscribe/models).")
    Path modelDir;

    @Option(names = "--calls", paramLabel = "DIR", description = "Evaluation set: manifest.tsv segments and calls_manifest.tsv calls (default "
            + "../shared/eval/hvb-callcenter-dev).")
    Path calls;

    @Option(names = "--job-set", paramLabel = "KEY=VALUE", description = "Override a setting of the live job (as bench-job --set).")
    List<String> jobSettings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        PerformanceFigures figures;
        if (fromJson != null) {
            figures = PerformanceFigures.read(fromJson);
        } else {
            SuiteSettings.Builder settings = SuiteSettings.builder(quick).provider(provider).modelDir(modelDir).jobSettings(jobSettings);
            if (legs != null) {
                settings.legs(legs);
            }
            if (model != null) {
                settings.liveModel(model);
            }
            if (models != null) {
                settings.models(models);
            }
            if (calls != null) {
                settings.calls(calls);
            }
            figures = new BenchmarkSuite(settings.build(), console).run();
        }
        Path markdown = PerformanceReport.render(figures, out);
        console.println("report: " + markdown);
        console.flush();
        return 0;
    }
}
