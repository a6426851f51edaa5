package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Selecting rows of the batch dimension of a float tensor (beam search reorders and repeats). */
final class TensorRows {

    private TensorRows() {}

    /** A new tensor whose row {@code i} is row {@code rows[i]} of {@code source}. */
    static OnnxTensor gather(OnnxTensor source, int[] rows) throws OrtException {
        long[] shape = source.getInfo().getShape();
        int rowSize = 1;
        for (int d = 1; d < shape.length; d++) {
            rowSize *= (int) shape[d];
        }
        FloatBuffer in = source.getFloatBuffer();
        FloatBuffer out = ByteBuffer.allocateDirect(rows.length * rowSize * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int row : rows) {
            out.put(in.slice(row * rowSize, rowSize));
        }
        out.rewind();
        long[] outShape = shape.clone();
        outShape[0] = rows.length;
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), out, outShape);
    }
}
