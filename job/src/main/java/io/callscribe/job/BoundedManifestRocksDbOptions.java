package io.callscribe.job;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

import java.util.Collection;

/**
 * Rolls RocksDB's {@code MANIFEST} over at {@link JobOptions#ROCKSDB_MAX_MANIFEST_SIZE}. The MANIFEST
 * logs every file that a flush or compaction adds or removes, and Flink flushes the memtables at every
 * checkpoint, so under RocksDB's own limit (1 GB) it grows with the job's age, a few hundred bytes a
 * checkpoint per operator. A rollover starts a fresh MANIFEST holding only the current file list (a
 * few KB for a job's state); Flink never reads the history, it restores from its checkpoints.
 */
public final class BoundedManifestRocksDbOptions implements ConfigurableRocksDBOptionsFactory {

    private static final long serialVersionUID = 1L;

    private long maxManifestBytes = JobOptions.ROCKSDB_MAX_MANIFEST_SIZE.defaultValue().getBytes();

    @Override
    public RocksDBOptionsFactory configure(ReadableConfig config) {
        maxManifestBytes = config.get(JobOptions.ROCKSDB_MAX_MANIFEST_SIZE).getBytes();
        return this;
    }

    @Override
    public DBOptions createDBOptions(DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions.setMaxManifestFileSize(maxManifestBytes);
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }
}
