package io.callscribe.job;

import io.callscribe.contract.CallInput;
import io.callscribe.contract.Leg;
import io.callscribe.transcribe.Recording;
import io.callscribe.transcribe.RecordingReader;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * The streaming job's operators over recorded calls: a bounded source of recordings, each read into
 * the started event, L16 frames and ended event the live job would receive ({@link RecordingReader}),
 * then {@link TranscriptionPipeline} unchanged. Runs in either execution mode; in BATCH mode the
 * stages run one after another over blocking exchanges, without checkpoints, and a failed task
 * restarts alone.
 */
public final class BatchTranscription {

    private BatchTranscription() {}

    /**
     * BATCH execution for this pipeline. Segmentation batches the VAD across legs and so switches
     * between legs' keys inside one call; Flink's batch state backend keeps only the current key's
     * state and sorted inputs deliver one key at a time, so both are turned off: the operators see
     * the same keyed state and input order as in streaming.
     */
    public static void useBatchMode(Configuration conf) {
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(ExecutionOptions.SORT_INPUTS, false);
        conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
    }

    /**
     * @param tenant the tenant every call is transcribed for (review thresholds)
     * @param monoLeg the leg a one-channel recording is
     */
    public static TranscriptionPipeline.Outputs build(StreamExecutionEnvironment env, List<Recording> recordings, String tenant,
            Leg monoLeg, ReadableConfig conf) {
        DataStream<CallInput> inputs = env.fromData(recordings, TypeInformation.of(Recording.class)).name("recordings").uid("recordings")
                .rebalance()
                .flatMap(new RecordingReader(tenant, monoLeg), TypeInformation.of(CallInput.class)).name("read recordings")
                .uid("read-recordings");
        return TranscriptionPipeline.build(inputs, conf);
    }
}
