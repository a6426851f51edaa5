package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Selecting rows of the batch dimension of float tensors (beam search reorders and repeats, greedy search forks). */
final class TensorRows {

    private TensorRows() {}

    /** A new tensor whose row {@code i} is row {@code rows[i]} of {@code source}. */
    static OnnxTensor gather(OnnxTensor source, int[] rows) throws OrtException {
        return concat(source, rows, source, new int[0]);
    }

    /** A new tensor: rows {@code rowsA} of {@code a}, then rows {@code rowsB} of {@code b}; both of one row shape. */
    static OnnxTensor concat(OnnxTensor a, int[] rowsA, OnnxTensor b, int[] rowsB) throws OrtException {
        long[] shape = a.getInfo().getShape();
        int rowSize = 1;
        for (int d = 1; d < shape.length; d++) {
            rowSize *= (int) shape[d];
        }
        FloatBuffer out = ByteBuffer.allocateDirect((rowsA.length + rowsB.length) * rowSize * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer inA = a.getFloatBuffer();
        for (int row : rowsA) {
            out.put(inA.slice(row * rowSize, rowSize));
        }
        FloatBuffer inB = rowsB.length == 0 ? inA : b.getFloatBuffer();
        for (int row : rowsB) {
            out.put(inB.slice(row * rowSize, rowSize));
        }
        out.rewind();
        long[] outShape = shape.clone();
        outShape[0] = rowsA.length + rowsB.length;
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), out, outShape);
    }
}
