package io.callscribe.assembly;

import io.callscribe.state.VersionedStateSerializer;
import io.callscribe.text.pii.Luhn;
import io.callscribe.text.pii.PiiCarry;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Keyed-state serializer of a leg's {@link PiiCarry}. Format 1: open digits (int), Luhn sums
 * (two bytes), end ms (long), card talk ms (long). No digits are ever written.
 */
final class PiiCarrySerializer extends VersionedStateSerializer<PiiCarry> {

    static final PiiCarrySerializer INSTANCE = new PiiCarrySerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public PiiCarry createInstance() {
        return PiiCarry.NONE;
    }

    @Override
    protected PiiCarry deepCopy(PiiCarry value) {
        return value; // immutable
    }

    @Override
    protected void write(PiiCarry value, DataOutputView out) throws IOException {
        out.writeInt(value.openDigits());
        out.writeByte(value.luhn().even());
        out.writeByte(value.luhn().odd());
        out.writeLong(value.endMs());
        out.writeLong(value.cardTalkAtMs());
    }

    @Override
    protected PiiCarry read(int version, DataInputView in) throws IOException {
        int openDigits = in.readInt();
        Luhn luhn = new Luhn(in.readByte(), in.readByte());
        return new PiiCarry(openDigits, luhn, in.readLong(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<PiiCarry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PiiCarry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
