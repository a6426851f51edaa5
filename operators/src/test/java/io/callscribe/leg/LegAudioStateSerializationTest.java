package io.callscribe.leg;

import static io.callscribe.leg.LegAudioDecoderTest.contiguous;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.G711;
import io.callscribe.audio.Resampler;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class LegAudioStateSerializationTest {

    private static final LegAudioStateSerializer SERIALIZER = LegAudioStateSerializer.INSTANCE;

    private static <T> byte[] bytesOf(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    @Test
    void aLegRestoredFromStateAtAnyFrameContinuesWithIdenticalAudio() throws IOException {
        CallRecording recording = CallRecording.load();
        LegAudioReceiver receiver = new LegAudioReceiver(new JitterBuffer(JitterBufferConfig.DEFAULT),
                new LegAudioDecoder());
        List<AudioFrame> frames = recording.shuffledWithin(JitterBufferConfig.DEFAULT.windowFrames(), 3);
        LegAudioState state = new LegAudioState();
        List<LegAudioChunk> chunks = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            chunks.addAll(receiver.receive(state, frames.get(i)));
            if (i % 37 == 0) {
                // As after a failure: state comes back from the last checkpoint's bytes.
                state = read(SERIALIZER, bytesOf(SERIALIZER, state));
            }
        }
        chunks.addAll(receiver.finish(state));

        float[] narrowband = G711.MU_LAW.decodeToFloats(recording.codes, 0, recording.codes.length);
        float[] whole = Resampler.create(ResamplerKind.SINC, 8000, 16_000).resample(narrowband);
        assertArrayEquals(whole, contiguous(chunks, 0));
    }

    @Test
    void aTypicalLegsStateIsSmall() throws IOException {
        int steady = bytesOf(SERIALIZER, LegStates.steadyPcmu()).length;
        int fullWindow = bytesOf(SERIALIZER, LegStates.fullWindowPcmu()).length;
        System.out.println("serialized leg state, PCMU at 8 kHz: " + steady + " bytes in order, " + fullWindow
                + " bytes with 7 frames waiting in an 8-frame window");
        assertTrue(steady < 1024, steady + " bytes");
        assertTrue(fullWindow < steady + 7 * 200, fullWindow + " bytes");
    }

    @Test
    void aSnapshotReadBackFromASavepointResolvesAsCompatible() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
        TypeSerializerSnapshot<LegAudioState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        TypeSerializerSchemaCompatibility<LegAudioState> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(compatibility.isCompatibleAsIs(), compatibility.toString());
        assertInstanceOf(LegAudioStateSerializer.class, restored.restoreSerializer());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anotherSerializersSnapshotIsIncompatible() {
        TypeSerializerSnapshot foreign = JitterBufferStateSerializer.INSTANCE.snapshotConfiguration();
        assertTrue(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(foreign).isIncompatible());
    }

    @Test
    void stateOfAnUnknownFormatVersionIsRefusedWithTheReason() {
        byte[] fromTheFuture = {2, 0, 0, 0};
        IOException e = assertThrows(IOException.class, () -> read(SERIALIZER, fromTheFuture));
        assertTrue(e.getMessage().contains("reads format versions 1..1, found 2"), e.getMessage());
    }

    @Test
    void formatVersion1IsPinnedByteForByte() throws IOException {
        // A change to these bytes breaks savepoints: add format version 2 and keep reading this one.
        JitterCounters counters = new JitterCounters(10, 1, 2, 3, 480, 1);
        ReceivedFrame waiting = new ReceivedFrame(65_537, 4_294_967_456L, Codec.PCMA, 8000, new byte[] {1, 2},
                1_700_000_000_000L);
        JitterBufferState jitter = new JitterBufferState(0xBEEFL, 0xCAFEL, 1_699_999_000_000L, 65_536,
                4_294_967_296L, true, 0b1011, 1_699_999_999_990L, List.of(waiting), counters);
        LegAudioDecoderState decoder = new LegAudioDecoderState(8000, 3200, null, new short[] {-2, 1}, 160);
        LegAudioState state = new LegAudioState(jitter, decoder);

        String expected = "01"
                + "01" + "000000000000beef" + "000000000000cafe" + "0000018bcfd625c0" + "0000000000010000" + "0000000100000000" + "01"
                + "000000000000000b" + "0000018bcfe567f6"
                + "000000000000000a" + "0000000000000001" + "0000000000000002" + "0000000000000003"
                + "00000000000001e0" + "0000000000000001"
                + "00000001" + "0000000000010001" + "00000001000000a0" + "02" + "00001f40" + "0000018bcfe56800"
                + "00000002" + "0102"
                + "01" + "00001f40" + "0000000000000c80" + "000000a0" + "00000002" + "fffe" + "0001" + "00";
        byte[] bytes = bytesOf(SERIALIZER, state);
        assertEquals(expected, HexFormat.of().formatHex(bytes));
        assertEquals(state, read(SERIALIZER, bytes));
    }
}
