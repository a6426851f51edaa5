package io.callscribe.text;

/**
 * One step of a word alignment. {@code refIndex} and {@code hypIndex} point into the reference and
 * hypothesis word lists; the side a step does not consume is {@link #NONE} (an insertion has no
 * reference word, a deletion no hypothesis word).
 */
public record AlignmentOp(Type type, int refIndex, int hypIndex) {

    public static final int NONE = -1;

    public enum Type {
        /** Reference and hypothesis word are equal. */
        MATCH,
        /** The hypothesis word replaces a different reference word. */
        SUB,
        /** A reference word has no hypothesis word. */
        DEL,
        /** A hypothesis word has no reference word. */
        INS
    }

    public AlignmentOp {
        java.util.Objects.requireNonNull(type, "type");
        boolean hasRef = refIndex != NONE;
        boolean hasHyp = hypIndex != NONE;
        boolean consistent = switch (type) {
            case MATCH, SUB -> hasRef && hasHyp;
            case DEL -> hasRef && !hasHyp;
            case INS -> !hasRef && hasHyp;
        };
        if (!consistent || refIndex < NONE || hypIndex < NONE) {
            throw new IllegalArgumentException(type + " with refIndex " + refIndex + ", hypIndex " + hypIndex);
        }
    }

    static AlignmentOp match(int refIndex, int hypIndex) {
        return new AlignmentOp(Type.MATCH, refIndex, hypIndex);
    }

    static AlignmentOp sub(int refIndex, int hypIndex) {
        return new AlignmentOp(Type.SUB, refIndex, hypIndex);
    }

    static AlignmentOp del(int refIndex) {
        return new AlignmentOp(Type.DEL, refIndex, NONE);
    }

    static AlignmentOp ins(int hypIndex) {
        return new AlignmentOp(Type.INS, NONE, hypIndex);
    }
}
