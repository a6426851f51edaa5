package io.callscribe.inference;

import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.pipeline.LegKey;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.List;

/**
 * Work for the recognizer, emitted by leg segmentation.
 *
 * @param segmentId deterministic ID of the utterance ({@code <callId>/<leg>/<startSample>})
 * @param revision 1, 2, ... for partials of a segment; the final gets the next number
 * @param startSample segment start on the leg's 16 kHz clock
 * @param audio 16 kHz PCM16 of the segment (empty for {@link RequestKind#LEG_END})
 * @param hotwords per-call hot words from the call-started event
 * @param legOffsetMs where the leg's sample 0 lies on the call's clock
 * @param callStartMs epoch ms at which the call's clock reads 0 (event time base)
 * @param endpointAtMs processing time when this request's audio was complete (latency baseline)
 * @param finalsEmitted for LEG_END: how many finals the leg emitted
 * @param endedBy for LEG_END: {@code event} or {@code idle}
 * @param tenantHotwords the tenant's hot words in force when the request was made, or null for none
 */
@TypeInfo(RecognitionRequestTypeInfo.class)
public record RecognitionRequest(LegKey leg, RequestKind kind, String segmentId, int revision, long startSample,
        short[] audio, List<String> hotwords, long legOffsetMs, long callStartMs, long endpointAtMs, int finalsEmitted, String endedBy,
        HotwordSet tenantHotwords) {

    public static final int SAMPLE_RATE = 16000;

    /** This request under the tenant's current hot words. */
    public RecognitionRequest withTenantHotwords(HotwordSet set) {
        return new RecognitionRequest(leg, kind, segmentId, revision, startSample, audio, hotwords, legOffsetMs, callStartMs,
                endpointAtMs, finalsEmitted, endedBy, set);
    }

    public long endSample() {
        return startSample + audio.length;
    }

    public float[] audioAsFloats() {
        float[] out = new float[audio.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = audio[i] / 32768f;
        }
        return out;
    }
}
