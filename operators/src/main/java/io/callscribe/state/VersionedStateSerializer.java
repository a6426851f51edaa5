package io.callscribe.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer for mutable per-leg state whose every value starts with its format version (one
 * byte), so a savepoint stays readable after the format changes: a new version is written, and the
 * old ones are still read. The snapshot therefore only names the serializer class; the class stays
 * compatible as long as it reads every version it ever wrote.
 */
public abstract class VersionedStateSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    /** The format {@link #serialize} writes. */
    protected abstract int currentVersion();

    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads a value in format {@code version}, which is at most {@link #currentVersion()}. */
    protected abstract T read(int version, DataInputView in) throws IOException;

    protected abstract T deepCopy(T value);

    /** A deep copy by writing and reading the value, for values without a copy method of their own. */
    protected final T copyBySerialization(T value) {
        try {
            org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(256);
            serialize(value, out);
            return deserialize(new org.apache.flink.core.memory.DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("copying a state value failed", e);
        }
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from) {
        return deepCopy(from);
    }

    @Override
    public final T copy(T from, T reuse) {
        return deepCopy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        out.writeByte(currentVersion());
        write(value, out);
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version < 1 || version > currentVersion()) {
            throw new IOException(getClass().getSimpleName() + " reads format versions 1.." + currentVersion()
                    + ", found " + version + ": state written by a newer build, or not this state");
        }
        return read(version, in);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }
}
