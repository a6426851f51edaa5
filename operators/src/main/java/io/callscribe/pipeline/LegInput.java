package io.callscribe.pipeline;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;

/**
 * What reaches a leg's segmentation: one of its audio frames, or its call's lifecycle event (the
 * job fans a call event out to every leg of the call).
 */
public record LegInput(LegKey key, AudioFrame frame, CallEvent event) {

    public static LegInput of(AudioFrame frame) {
        return new LegInput(new LegKey(frame.tenant(), frame.callId(), frame.leg()), frame, null);
    }

    public static LegInput of(LegKey key, CallEvent event) {
        return new LegInput(key, null, event);
    }
}
