package io.callscribe.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RocksDB's MANIFEST under the job's options: it rolls over instead of logging every flush forever. */
class BoundedManifestRocksDbOptionsTest {

    private static final int FLUSHES = 800; // as many checkpoints, each flushing the memtable

    @TempDir
    Path dir;

    @Test
    void theJobsDefaultsInstallTheFactoryWithTheConfiguredLimit() {
        Configuration conf = JobConfiguration.load(null, List.of("rocksdb.max-manifest-size=64kb"));
        assertEquals(BoundedManifestRocksDbOptions.class.getName(), conf.get(RocksDBOptions.OPTIONS_FACTORY));
        try (DBOptions options = configured(conf)) {
            assertEquals(64 * 1024, options.maxManifestFileSize());
        }
    }

    @Test
    void theManifestStaysNearItsLimitWhereRocksDbsDefaultLetsItGrowWithEveryFlush() throws Exception {
        Configuration conf = new Configuration();
        conf.set(JobOptions.ROCKSDB_MAX_MANIFEST_SIZE, MemorySize.parse("16kb"));
        long bounded;
        try (DBOptions options = configured(conf)) {
            bounded = manifestBytesAfterFlushes(options, dir.resolve("bounded"));
        }
        long unbounded;
        try (DBOptions options = new DBOptions()) {
            unbounded = manifestBytesAfterFlushes(options, dir.resolve("default"));
        }
        assertTrue(unbounded > 96 * 1024, "RocksDB's default keeps a record of every flush: " + unbounded + " bytes");
        assertTrue(bounded < 32 * 1024, "rolled over at 16 KB, a fresh MANIFEST holds the current files only: " + bounded + " bytes");
    }

    private static DBOptions configured(Configuration conf) {
        return new BoundedManifestRocksDbOptions().configure(conf).createDBOptions(new DBOptions(), new ArrayList<>());
    }

    private static long manifestBytesAfterFlushes(DBOptions dbOptions, Path path) throws Exception {
        RocksDB.loadLibrary();
        try (ColumnFamilyOptions columns = new ColumnFamilyOptions();
                Options options = new Options(dbOptions.setCreateIfMissing(true), columns);
                RocksDB db = RocksDB.open(options, path.toString());
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            for (int i = 0; i < FLUSHES; i++) {
                db.put(("leg-" + i).getBytes(StandardCharsets.UTF_8), new byte[64]);
                db.delete(("leg-" + (i - 1)).getBytes(StandardCharsets.UTF_8));
                db.flush(flush);
            }
            try (Stream<Path> files = Files.list(path)) {
                return files.filter(f -> f.getFileName().toString().startsWith("MANIFEST")).mapToLong(f -> f.toFile().length()).sum();
            }
        }
    }
}
