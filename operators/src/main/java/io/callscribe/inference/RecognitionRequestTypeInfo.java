package io.callscribe.inference;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information of {@link RecognitionRequest}: its explicit serializer. */
public final class RecognitionRequestTypeInfo extends TypeInformation<RecognitionRequest> {

    private static final long serialVersionUID = 1L;

    public static final RecognitionRequestTypeInfo INSTANCE = new RecognitionRequestTypeInfo();

    /** Lets Flink find this type information from the class' {@code @TypeInfo} annotation. */
    public static final class Factory extends TypeInfoFactory<RecognitionRequest> {
        @Override
        public TypeInformation<RecognitionRequest> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<RecognitionRequest> getTypeClass() {
        return RecognitionRequest.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<RecognitionRequest> createSerializer(SerializerConfig config) {
        return RecognitionRequestSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "RecognitionRequest";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecognitionRequestTypeInfo;
    }

    @Override
    public int hashCode() {
        return RecognitionRequestTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof RecognitionRequestTypeInfo;
    }
}
