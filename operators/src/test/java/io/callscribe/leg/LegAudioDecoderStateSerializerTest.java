package io.callscribe.leg;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class LegAudioDecoderStateSerializerTest extends SerializerTestBase<LegAudioDecoderState> {

    @Override
    protected TypeSerializer<LegAudioDecoderState> createSerializer() {
        return LegAudioDecoderStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LegAudioDecoderState> getTypeClass() {
        return LegAudioDecoderState.class;
    }

    @Override
    protected LegAudioDecoderState[] getTestData() {
        return new LegAudioDecoderState[] {
            new LegAudioDecoderState(),
            LegStates.steadyPcmu().decoder(),
            LegStates.justConcealed().decoder(),
            LegStates.widebandL16().decoder(),
        };
    }
}
