package io.callscribe.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The job's configuration: production defaults (RocksDB, incremental checkpoints every 10 s), then a
 * YAML file (nested or dotted keys, e.g. {@code config/callscribe.yaml}), then {@code key=value}
 * overrides. Keys are {@link JobOptions} and any Flink option.
 */
public final class JobConfiguration {

    private JobConfiguration() {}

    public static Configuration load(Path file, List<String> overrides) {
        Configuration conf = defaults();
        if (file != null) {
            try {
                flatten("", new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read job configuration " + file + ": " + e.getMessage(), e);
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + override + "' is not key=value");
            }
            conf.setString(override.substring(0, eq).strip(), override.substring(eq + 1).strip());
        }
        return conf;
    }

    /**
     * State on RocksDB with incremental checkpoints every 10 s, kept when the job is cancelled: what
     * a crash, or a restart by hand from the last checkpoint, needs to resume mid-call. RocksDB's
     * MANIFEST is bounded ({@link BoundedManifestRocksDbOptions}).
     */
    public static Configuration defaults() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RocksDBOptions.OPTIONS_FACTORY, BoundedManifestRocksDbOptions.class.getName());
        return conf;
    }

    private static void flatten(String prefix, JsonNode node, Configuration conf) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), conf);
            }
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(item -> joined.append(joined.length() > 0 ? ";" : "").append(item.asText()));
            conf.setString(prefix, joined.toString());
        } else {
            conf.setString(prefix, node.asText());
        }
    }
}
