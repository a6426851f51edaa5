package io.callscribe.sql;

import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

import java.util.List;

/** Runs the speech model synchronously, one segment (row) per model call. */
public final class OnnxSpeechModelProvider implements PredictRuntimeProvider {

    private final SpeechModelSettings settings;
    private final List<SpeechOutput> outputs;

    OnnxSpeechModelProvider(SpeechModelSettings settings, List<SpeechOutput> outputs) {
        this.settings = settings;
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public PredictFunction createPredictFunction(ModelProvider.Context context) {
        return new SpeechPredictFunction(settings, outputs);
    }

    @Override
    public ModelProvider copy() {
        return new OnnxSpeechModelProvider(settings, outputs);
    }
}
