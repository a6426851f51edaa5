package io.callscribe.models.fetch;

import io.callscribe.models.ModelStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A model the fetcher knows how to assemble from npm packages. */
public record CatalogModel(String id, String kind, int sampleRate, List<ModelAsset> assets) {

    public CatalogModel {
        ModelStore.requireValidId(id);
        Objects.requireNonNull(kind, "kind");
        assets = List.copyOf(assets);
        if (assets.isEmpty()) {
            throw new IllegalArgumentException("Catalog model " + id + " has no assets");
        }
        if (assets.stream().map(ModelAsset::role).distinct().count() != assets.size()
                || assets.stream().map(ModelAsset::fileName).distinct().count() != assets.size()) {
            throw new IllegalArgumentException("Catalog model " + id + " repeats a role or a file name");
        }
    }

    /** The packages this model's files come from, in order of first use. */
    public List<NpmPackage> packages() {
        return List.copyOf(assets.stream().map(ModelAsset::npmPackage).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** Where the files come from, as recorded in the manifest: {@code npm:a@1, npm:b@2}. */
    public String source() {
        return packages().stream().map(p -> "npm:" + p.spec()).collect(Collectors.joining(", "));
    }

    public long totalBytes() {
        return assets.stream().mapToLong(ModelAsset::bytes).sum();
    }
}
