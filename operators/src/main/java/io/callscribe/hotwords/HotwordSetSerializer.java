package io.callscribe.hotwords;

import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.state.VersionedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializer of a hot-word set, in broadcast state and in recognition requests. Format 1: owner,
 * version, then each phrase's text and boost. The set was checked against the limits when it was
 * made; reading it back does not check again, so a restore never fails on a limit that changed.
 */
public final class HotwordSetSerializer extends VersionedStateSerializer<HotwordSet> {

    public static final HotwordSetSerializer INSTANCE = new HotwordSetSerializer();

    private static final long serialVersionUID = 1L;

    @Override
    protected int currentVersion() {
        return 1;
    }

    @Override
    public HotwordSet createInstance() {
        return null;
    }

    @Override
    protected HotwordSet deepCopy(HotwordSet value) {
        return value; // immutable
    }

    @Override
    protected void write(HotwordSet set, DataOutputView out) throws IOException {
        out.writeUTF(set.owner());
        out.writeLong(set.version());
        out.writeInt(set.phrases().size());
        for (HotPhrase p : set.phrases()) {
            out.writeUTF(p.text());
            out.writeFloat(p.boost());
        }
    }

    @Override
    protected HotwordSet read(int version, DataInputView in) throws IOException {
        String owner = in.readUTF();
        long setVersion = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) {
            throw new IOException("corrupt hot-word set: " + count + " phrases");
        }
        List<HotPhrase> phrases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            phrases.add(new HotPhrase(in.readUTF(), in.readFloat()));
        }
        return new HotwordSet(owner, setVersion, phrases);
    }

    @Override
    public TypeSerializerSnapshot<HotwordSet> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HotwordSet> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
