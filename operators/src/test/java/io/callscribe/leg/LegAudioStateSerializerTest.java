package io.callscribe.leg;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class LegAudioStateSerializerTest extends SerializerTestBase<LegAudioState> {

    @Override
    protected TypeSerializer<LegAudioState> createSerializer() {
        return LegAudioStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LegAudioState> getTypeClass() {
        return LegAudioState.class;
    }

    @Override
    protected LegAudioState[] getTestData() {
        return new LegAudioState[] {
            new LegAudioState(),
            LegStates.steadyPcmu(),
            LegStates.fullWindowPcmu(),
            LegStates.justConcealed(),
            LegStates.widebandL16(),
        };
    }
}
