package io.callscribe.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callscribe.contract.Leg;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RecognitionRequestSerializer;
import io.callscribe.inference.RequestKind;
import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.pipeline.LegKey;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The bulk sample serializers: exact round trips, and the bytes the value-by-value path wrote. */
class SampleSerializersTest {

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T read = serializer.deserialize(in);
        assertEquals(0, in.available(), "read exactly what was written");
        return read;
    }

    @Test
    void floatSamplesRoundTripBitExactlyInTheDataOutputByteOrder() throws IOException {
        Random random = new Random(7);
        float[] samples = new float[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) random.nextGaussian();
        }
        samples[3] = Float.NaN;
        samples[4] = -0f;
        assertArrayEquals(samples, roundTrip(FloatSamplesSerializer.INSTANCE, samples));
        assertArrayEquals(new float[0], roundTrip(FloatSamplesSerializer.INSTANCE, new float[0]));

        DataOutputSerializer bulk = new DataOutputSerializer(64);
        FloatSamplesSerializer.INSTANCE.serialize(samples, bulk);
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        DataOutputStream byValue = new DataOutputStream(one);
        byValue.writeByte(1);
        byValue.writeInt(samples.length);
        for (float f : samples) {
            byValue.writeFloat(f);
        }
        assertArrayEquals(one.toByteArray(), bulk.getCopyOfBuffer());
    }

    @Test
    void pcm16SamplesRoundTrip() throws IOException {
        short[] samples = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 1234};
        assertArrayEquals(samples, roundTrip(Pcm16SamplesSerializer.INSTANCE, samples));
    }

    @Test
    void aCorruptLengthIsAnErrorNotAHugeAllocation() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {1, 0x7f, 0, 0, 0});
        assertThrows(IOException.class, () -> FloatSamplesSerializer.INSTANCE.deserialize(in));
    }

    @Test
    void recognitionRequestsRoundTripWithEveryField() throws IOException {
        LegKey leg = new LegKey("acme", "call-1", Leg.CUSTOMER);
        RecognitionRequest partial = new RecognitionRequest(leg, RequestKind.PARTIAL, "call-1/customer/16000", 3, 16000,
                new short[] {1, -2, 3}, List.of("Acme", "refund"), 250, 1_699_999_999_000L, 1_700_000_000_000L, 0, null,
                new HotwordSet("acme", 3, List.of(new HotPhrase("Harper Valley", 2f), HotPhrase.of("refund"))));
        RecognitionRequest end = new RecognitionRequest(leg, RequestKind.LEG_END, "call-1/customer/end", 0, 0, new short[0],
                List.of(), 250, 1_699_999_999_000L, 1_700_000_000_500L, 7, "idle", null);
        for (RecognitionRequest r : List.of(partial, end)) {
            RecognitionRequest read = roundTrip(RecognitionRequestSerializer.INSTANCE, r);
            assertArrayEquals(r.audio(), read.audio());
            assertEquals(r.toString().replaceAll("\\[S@\\w+", ""), read.toString().replaceAll("\\[S@\\w+", ""));
        }
    }
}
