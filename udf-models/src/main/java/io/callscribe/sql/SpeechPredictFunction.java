package io.callscribe.sql;

import io.callscribe.models.ModelStore;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Transcribes the WAV segment of each row. A row whose audio cannot be read gets NULL text and
 * confidence and the reason in {@code error} (counted in {@code unreadableAudio}): one bad row does
 * not fail the query.
 */
public final class SpeechPredictFunction extends PredictFunction {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechPredictFunction.class);

    private final SpeechModelSettings settings;
    private final List<SpeechOutput> outputs;
    private transient MoonshineRecognizer recognizer;
    private transient Counter unreadable;
    private transient Counter segments;

    public SpeechPredictFunction(SpeechModelSettings settings, List<SpeechOutput> outputs) {
        this.settings = settings;
        this.outputs = outputs;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        Path root = settings.modelDir() != null ? Path.of(settings.modelDir()) : ModelStore.defaultRoot();
        recognizer = MoonshineRecognizer.builder()
                .model(new ModelFetcher(root).ensure(settings.model()))
                .options(InferenceOptions.builder()
                        .provider(ExecutionProvider.valueOf(settings.executionProvider().toUpperCase(Locale.ROOT)))
                        .intraOpThreads(settings.intraOpThreads()).build())
                .config(RecognizerConfig.GREEDY.withBeamWidth(settings.beamWidth()))
                .build();
        var metrics = context.getMetricGroup().addGroup("speechModel");
        unreadable = metrics.counter("unreadableAudio");
        segments = metrics.counter("segments");
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        Transcript transcript = null;
        String error = null;
        if (input.isNullAt(0)) {
            error = "no audio (NULL)";
        } else {
            try {
                transcript = recognizer.recognize(SegmentWav.decode(input.getBinary(0)));
                segments.inc();
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
                unreadable.inc();
                LOG.warn("ML_PREDICT row without a transcript: {}", error);
            }
        }
        GenericRowData row = new GenericRowData(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            row.setField(i, switch (outputs.get(i)) {
                case TEXT -> transcript == null ? null : StringData.fromString(transcript.text());
                case CONFIDENCE -> transcript == null ? null : transcript.confidence();
                case ERROR -> error == null ? null : StringData.fromString(error);
            });
        }
        return List.of(row);
    }

    @Override
    public void close() {
        if (recognizer != null) {
            recognizer.close();
        }
    }
}
