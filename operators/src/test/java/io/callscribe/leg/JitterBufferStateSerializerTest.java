package io.callscribe.leg;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class JitterBufferStateSerializerTest extends SerializerTestBase<JitterBufferState> {

    @Override
    protected TypeSerializer<JitterBufferState> createSerializer() {
        return JitterBufferStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<JitterBufferState> getTypeClass() {
        return JitterBufferState.class;
    }

    @Override
    protected JitterBufferState[] getTestData() {
        return new JitterBufferState[] {
            new JitterBufferState(),
            LegStates.afterFrames(3).jitterBuffer(),
            LegStates.steadyPcmu().jitterBuffer(),
            LegStates.fullWindowPcmu().jitterBuffer(),
            LegStates.widebandL16().jitterBuffer(),
        };
    }
}
