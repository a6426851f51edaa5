package io.callscribe.job;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.Codec;
import io.callscribe.eval.EvalData;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.Pacing;
import io.callscribe.replay.ReplaySink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The HVB dev calls as the job's input: both legs as PCMU frames with seeded network impairments. */
final class PipelineTestCalls {

    static final List<String> CALLS = List.of("0002f70f7386445b", "0091a706bc604188", "00d676d7058c49bb", "010eaccb7a23436f");

    private PipelineTestCalls() {}

    static Path channel(String call, String role) {
        return EvalData.set("hvb-callcenter-dev").resolve("calls").resolve(role).resolve(call + ".wav");
    }

    /** Started event, frames in arrival order, ended event, for each call, calls one after another. */
    static List<CallInput> inputs(List<String> calls, Impairments impairments, boolean endEvents) throws Exception {
        List<CallInput> out = new ArrayList<>();
        long seed = 11;
        for (String call : calls) {
            CallReplayer replayer = CallReplayer.builder().tenant("harper-valley").callId(call)
                    .legs(channel(call, "agent"), channel(call, "caller")).codec(Codec.PCMU)
                    .impairments(impairments).seed(seed++).pacing(Pacing.AS_FAST_AS_POSSIBLE).build();
            replayer.replay(new ReplaySink() {
                @Override
                public void callStarted(CallEvent started) {
                    out.add(CallInput.of(started));
                }

                @Override
                public void frame(AudioFrame frame) {
                    out.add(CallInput.of(frame));
                }

                @Override
                public void callEnded(CallEvent ended) {
                    if (endEvents) {
                        out.add(CallInput.of(ended));
                    }
                }
            });
        }
        return out;
    }
}
