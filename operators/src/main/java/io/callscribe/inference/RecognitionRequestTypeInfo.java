package io.callscribe.inference;

import io.callscribe.state.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information of {@link RecognitionRequest}: its explicit serializer, found through the class' annotation. */
public final class RecognitionRequestTypeInfo extends TypeInfoFactory<RecognitionRequest> {

    public static final TypeInformation<RecognitionRequest> INSTANCE =
            new SerializerTypeInfo<>(RecognitionRequest.class, RecognitionRequestSerializer.INSTANCE);

    @Override
    public TypeInformation<RecognitionRequest> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return INSTANCE;
    }
}
