package io.callscribe.segmentation;

import io.callscribe.leg.JitterBufferConfig;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.vad.SegmenterConfig;

import java.io.Serializable;

/**
 * Settings of leg segmentation (travel with the job graph).
 *
 * @param modelRoot model cache folder holding {@code silero-vad-v5} (fetched there when missing)
 * @param partialIntervalMs a partial request every this much new speech; 0 disables partials
 * @param partialIntervalShare a partial also waits for new speech of at least this share of what the
 *     previous partial covered, so an utterance's partials cost a bounded multiple of its final
 *     (about {@code (1 + share) / share}) instead of growing with the square of its length
 * @param pausePartials whether a pause in speech, once its padded end is in, sends the segment so
 *     far as a {@link io.callscribe.inference.RequestKind#PAUSE_PARTIAL}, which the final takes
 *     over if the pause becomes the endpoint
 * @param idleTimeoutMs a leg with no frames for this long is ended as if its call ended
 * @param vadBatchIntervalMs legs with pending audio are run through the VAD together this often
 * @param maxVadBatch most legs per VAD model call
 * @param vadModelRate the VAD model's rate: 16000, or 8000 on the 16 kHz audio halved (telephone audio)
 * @param vadSilenceFloorDbfs chunks quieter than this are non-speech without a VAD model call
 * @param endedCallMemoryMs how long frames for an ended call are recognized as late and dead-lettered
 * @param endGraceMs after the call-ended event, the leg ends once no frame came for this long (audio
 *     and events are on different topics, so the event can overtake the last frames)
 */
public record SegmentationSettings(String modelRoot, ExecutionProvider vadProvider, SegmenterConfig segmenter,
        JitterBufferConfig jitter, long partialIntervalMs, double partialIntervalShare, boolean pausePartials, long idleTimeoutMs, long vadBatchIntervalMs, int maxVadBatch, int vadModelRate, double vadSilenceFloorDbfs,
        long endedCallMemoryMs, long endGraceMs) implements Serializable {

    public SegmentationSettings {
        if (partialIntervalMs < 0 || partialIntervalShare < 0 || idleTimeoutMs <= 0 || vadBatchIntervalMs <= 0 || maxVadBatch < 1 || (vadModelRate != 8000 && vadModelRate != 16000) || endedCallMemoryMs <= 0 || endGraceMs <= 0) {
            throw new IllegalArgumentException("invalid segmentation settings: " + this);
        }
    }
}
