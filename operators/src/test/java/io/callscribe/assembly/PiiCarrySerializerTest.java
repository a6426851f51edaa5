package io.callscribe.assembly;

import io.callscribe.text.pii.Luhn;
import io.callscribe.text.pii.PiiCarry;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class PiiCarrySerializerTest extends SerializerTestBase<PiiCarry> {

    @Override
    protected TypeSerializer<PiiCarry> createSerializer() {
        return PiiCarrySerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PiiCarry> getTypeClass() {
        return PiiCarry.class;
    }

    @Override
    protected PiiCarry[] getTestData() {
        return new PiiCarry[] {
            PiiCarry.NONE,
            new PiiCarry(12, Luhn.of("455673758689"), 4_500, PiiCarry.NEVER),
            new PiiCarry(0, Luhn.EMPTY, 90_000, 88_000),
            new PiiCarry(19, Luhn.of("9999999999999999999"), Long.MAX_VALUE, 0),
        };
    }
}
