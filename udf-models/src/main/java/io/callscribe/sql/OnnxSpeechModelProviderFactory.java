package io.callscribe.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code 'provider' = 'callscribe-onnx'}: speech recognition for {@code ML_PREDICT}. The model takes
 * one input column of {@code BYTES} (a WAV file of one speech segment, 16 kHz) and returns any of
 * {@code text STRING}, {@code confidence FLOAT} and {@code error STRING}, by name:
 * <pre>{@code
 * CREATE MODEL speech INPUT (audio BYTES) OUTPUT (`text` STRING, confidence FLOAT, error STRING)
 * WITH ('provider' = 'callscribe-onnx', 'model' = 'moonshine-base');
 * SELECT id, `text` FROM ML_PREDICT(TABLE segments, MODEL speech, DESCRIPTOR(audio));
 * }</pre>
 */
public final class OnnxSpeechModelProviderFactory implements ModelProviderFactory {

    public static final String IDENTIFIER = "callscribe-onnx";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SpeechModelOptions.MODEL, SpeechModelOptions.MODEL_DIR, SpeechModelOptions.EXECUTION_PROVIDER,
                SpeechModelOptions.INTRA_OP_THREADS, SpeechModelOptions.BEAM_WIDTH);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper = FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        ResolvedSchema input = context.getCatalogModel().getResolvedInputSchema();
        if (input.getColumnCount() != 1 || !isBinary(input.getColumns().get(0))) {
            throw new ValidationException("model " + context.getObjectIdentifier() + ": provider " + IDENTIFIER
                    + " takes one input column of BYTES (a WAV file per row), not " + input);
        }
        List<SpeechOutput> outputs = new ArrayList<>();
        for (Column column : context.getCatalogModel().getResolvedOutputSchema().getColumns()) {
            outputs.add(SpeechOutput.of(column, context.getObjectIdentifier().asSummaryString()));
        }
        if (options.get(SpeechModelOptions.BEAM_WIDTH) < 1 || options.get(SpeechModelOptions.INTRA_OP_THREADS) < 1) {
            throw new ValidationException("model " + context.getObjectIdentifier() + ": beam-width and intra-op-threads must be at least 1");
        }
        return new OnnxSpeechModelProvider(new SpeechModelSettings(options.get(SpeechModelOptions.MODEL),
                options.getOptional(SpeechModelOptions.MODEL_DIR).orElse(null), options.get(SpeechModelOptions.EXECUTION_PROVIDER),
                options.get(SpeechModelOptions.INTRA_OP_THREADS), options.get(SpeechModelOptions.BEAM_WIDTH)), outputs);
    }

    private static boolean isBinary(Column column) {
        LogicalTypeRoot root = column.getDataType().getLogicalType().getTypeRoot();
        return root == LogicalTypeRoot.VARBINARY || root == LogicalTypeRoot.BINARY;
    }
}
