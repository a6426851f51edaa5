package io.callscribe.state;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A Flink serializer for a mutable state value that encodes itself with a versioned format of its
 * own ({@code writeTo} / {@code readFrom}): the format version lives in the bytes, so a savepoint
 * taken with an older format stays readable as long as the value's reader accepts it.
 */
public abstract class ValueSerializer<T> extends TypeSerializerSingleton<T> {

    protected abstract void write(T value, DataOutput out) throws IOException;

    protected abstract T read(DataInput in) throws IOException;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from) {
        try {
            org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(256);
            write(from, out);
            return read(new org.apache.flink.core.memory.DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("copying state value failed", e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(source), target);
    }

    /** Snapshot for a serializer with no configuration of its own. */
    public abstract static class Snapshot<T> extends org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot<T> {
        protected Snapshot(java.util.function.Supplier<? extends TypeSerializer<T>> serializer) {
            super(serializer);
        }
    }
}
