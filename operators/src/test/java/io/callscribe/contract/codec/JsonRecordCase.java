package io.callscribe.contract.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A JSON record built field by field, each field either valid or wrong in a known way, so the
 * property can check the decoder's verdict: valid exactly when no field is wrong, and refused for a
 * reason one of the wrong fields gives.
 */
record JsonRecordCase(List<Field> fields) {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One field's choice; {@code value == null} leaves the field out, {@code violation == null} means it is valid. */
    record Field(String name, JsonNode value, FrameRejection violation) {

        @Override
        public String toString() {
            return name + "=" + (value == null ? "<absent>" : value.toString()) + (violation == null ? "" : " (" + violation.code() + ")");
        }
    }

    /** A field that is valid with {@code valid} most of the time, else one of {@code wrong}. */
    static Arbitrary<Field> field(String name, JsonNode valid, List<Field> wrong) {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(new Field(name, valid, null))), Tuple.of(1, Arbitraries.of(wrong)));
    }

    static Field wrong(String name, JsonNode value, FrameRejection violation) {
        return new Field(name, value, violation);
    }

    /** Absent, null, or blank: a required field missing. */
    static List<Field> missing(String name) {
        return List.of(wrong(name, null, FrameRejection.MISSING_FIELD), wrong(name, NODES.nullNode(), FrameRejection.MISSING_FIELD));
    }

    static List<Field> concat(List<Field> a, List<Field> b) {
        List<Field> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static Arbitrary<JsonRecordCase> combine(List<Arbitrary<Field>> fields) {
        return Combinators.combine(fields).as(JsonRecordCase::new);
    }

    byte[] toBytes() {
        ObjectNode json = NODES.objectNode();
        for (Field f : fields) {
            if (f.value() != null) {
                json.set(f.name(), f.value());
            }
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The reasons the wrong fields give; empty when the record is valid. */
    Set<FrameRejection> violations() {
        Set<FrameRejection> reasons = EnumSet.noneOf(FrameRejection.class);
        fields.stream().filter(f -> f.violation() != null).forEach(f -> reasons.add(f.violation()));
        return reasons;
    }
}
