package io.callscribe.job;

import io.callscribe.kafka.DefaultTopics;
import io.callscribe.models.ModelStore;
import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.text.pii.PiiPolicy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.Map;

/** Every setting of the transcription job: key, type, default and what it does. */
public final class JobOptions {

    private JobOptions() {}

    // ---- Kafka ----
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType().defaultValue("localhost:9092")
            .withDescription("Kafka bootstrap servers. Security settings go in kafka.properties.* (e.g. kafka.properties.security.protocol).");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("kafka.group-id")
            .stringType().defaultValue("callscribe")
            .withDescription("Consumer group of the input sources (offsets are checkpointed by Flink; this is for monitoring).");
    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType().defaultValue("committed")
            .withDescription("Where a fresh start reads input: 'committed' (group offsets, else earliest), 'earliest' or 'latest'. "
                    + "A restore from a checkpoint or savepoint always continues where it was.");
    public static final ConfigOption<Duration> SOURCE_FETCH_MAX_WAIT = ConfigOptions.key("kafka.source.fetch-max-wait")
            .durationType().defaultValue(Duration.ofMillis(20))
            .withDescription("How long the broker may hold a fetch of the input to fill kafka.source.fetch-min-bytes. Frames arrive "
                    + "every 20 ms per leg: fetching each as it comes costs a request per few frames; waiting up to this long batches "
                    + "them, adding at most this much latency.");
    public static final ConfigOption<Integer> SOURCE_FETCH_MIN_BYTES = ConfigOptions.key("kafka.source.fetch-min-bytes")
            .intType().defaultValue(16 * 1024)
            .withDescription("Input bytes a fetch waits for (up to kafka.source.fetch-max-wait); 1 answers every fetch at once.");
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("kafka.transaction-timeout")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Transaction timeout of the exactly-once sinks. Must be below the broker's transaction.max.timeout.ms "
                    + "(15 min by default) and well above the checkpoint interval plus any expected restart time.");
    public static final ConfigOption<String> PARTIALS_DELIVERY = ConfigOptions.key("sink.partials-delivery")
            .stringType().defaultValue("at-least-once")
            .withDescription("'at-least-once' shows partials as soon as they exist (consumers deduplicate by segment ID and revision); "
                    + "'exactly-once' holds them back until the next checkpoint like finals.");
    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES = ConfigOptions.key("input.max-payload-bytes")
            .intType().defaultValue(4096).withDescription("Frames with a larger audio payload go to dead-letters as oversized.");

    public static final ConfigOption<String> TOPIC_AUDIO = topic("call-audio", DefaultTopics.CALL_AUDIO);
    public static final ConfigOption<String> TOPIC_EVENTS = topic("call-events", DefaultTopics.CALL_EVENTS);
    public static final ConfigOption<String> TOPIC_TRANSCRIPTS = topic("transcripts", DefaultTopics.TRANSCRIPTS);
    public static final ConfigOption<String> TOPIC_REVIEW = topic("review", DefaultTopics.REVIEW);
    public static final ConfigOption<String> TOPIC_SUMMARIES = topic("call-summaries", DefaultTopics.CALL_SUMMARIES);
    public static final ConfigOption<String> TOPIC_DEAD_LETTERS = topic("dead-letters", DefaultTopics.DEAD_LETTERS);
    public static final ConfigOption<String> TOPIC_HOTWORDS = topic("hotwords", DefaultTopics.HOTWORDS);
    public static final ConfigOption<Boolean> TOPICS_PER_TENANT = ConfigOptions.key("topics.per-tenant")
            .booleanType().defaultValue(false)
            .withDescription("Write each tenant's transcripts, review items and call summaries to topics of its own, "
                    + "<topic>.<tenant> (e.g. transcripts.acme), so that Kafka ACLs on the prefix give a tenant its own output "
                    + "and nothing else. Tenant IDs must then be ASCII letters, digits, '.', '_' or '-'; input of any other "
                    + "tenant goes to dead-letters. Dead letters stay on one topic: an unreadable record has no tenant.");
    public static final ConfigOption<String> HOTWORDS_DIR = ConfigOptions.key("hotwords.dir")
            .stringType().noDefaultValue()
            .withDescription("Folder of tenants' hot-word sets, <tenant>.yaml (see config/hotwords), read when the job starts. "
                    + "Updates come on the compacted topics.hotwords topic (key: tenant, value: the same format) and apply "
                    + "to the next recognition request of every live call of that tenant; of a file and an update, the higher "
                    + "version wins. Unset: hot words come from the topic only.");

    public static final ConfigOption<Integer> HOTWORDS_MAX_PHRASES = ConfigOptions.key("hotwords.max-phrases")
            .intType().defaultValue(HotwordLimits.DEFAULTS.maxPhrases())
            .withDescription("Most phrases in one tenant's set; a larger set is rejected (dead-lettered from the topic, "
                    + "refused from a file) with the limit named.");
    public static final ConfigOption<Integer> HOTWORDS_MAX_CALL_PHRASES = ConfigOptions.key("hotwords.max-call-phrases")
            .intType().defaultValue(HotwordLimits.DEFAULTS.maxCallPhrases())
            .withDescription("Most phrases a call-started event may add for its call; more are dead-lettered "
                    + "(invalid-call-hotwords) and the call goes on with its tenant's set.");
    public static final ConfigOption<Integer> HOTWORDS_MAX_PHRASE_CHARS = ConfigOptions.key("hotwords.max-phrase-chars")
            .intType().defaultValue(HotwordLimits.DEFAULTS.maxPhraseChars()).withDescription("Most characters in one phrase.");
    public static final ConfigOption<Integer> HOTWORDS_MAX_PHRASE_TOKENS = ConfigOptions.key("hotwords.max-phrase-tokens")
            .intType().defaultValue(HotwordLimits.DEFAULTS.maxPhraseTokens())
            .withDescription("Most recognizer tokens in any written form of one phrase.");
    public static final ConfigOption<Double> HOTWORDS_MAX_BOOST = ConfigOptions.key("hotwords.max-boost")
            .doubleType().defaultValue((double) HotwordLimits.DEFAULTS.maxBoost())
            .withDescription("Largest boost a phrase may have (natural-log units per token); beyond a few the phrase "
                    + "overrides what the audio says.");
    public static final ConfigOption<Double> HOTWORDS_CALL_BOOST = ConfigOptions.key("hotwords.call-boost")
            .doubleType().defaultValue((double) HotPhrase.DEFAULT_BOOST)
            .withDescription("Boost of each phrase a call-started event adds (tenant sets name their own, default-boost "
                    + "in the set). 2.0 was chosen on the HVB dev calls (README, hot words).");

    private static ConfigOption<String> topic(String name, String defaultValue) {
        return ConfigOptions.key("topics." + name).stringType().defaultValue(defaultValue)
                .withDescription("Kafka topic for " + name + ".");
    }

    // ---- models and inference ----
    public static final ConfigOption<String> MODEL_DIR = ConfigOptions.key("models.dir")
            .stringType().defaultValue(ModelStore.defaultRoot().toString())
            .withDescription("Model cache folder on every TaskManager; missing known models are fetched into it with npm.");
    public static final ConfigOption<String> RECOGNIZER = ConfigOptions.key("models.recognizer")
            .stringType().defaultValue("moonshine-base")
            .withDescription("Recognizer model id: moonshine-base (more accurate) or moonshine-tiny (about twice as fast).");
    public static final ConfigOption<String> PROVIDER = ConfigOptions.key("inference.provider")
            .stringType().defaultValue("auto").withDescription("ONNX Runtime execution provider: cpu, cuda or auto.");
    public static final ConfigOption<Integer> WORKERS = ConfigOptions.key("inference.workers")
            .intType().defaultValue(2).withDescription("Recognition threads per TaskManager, each running one batched model call at a time. "
                    + "Two let a final start while a long batch of partials is being decoded; with one ONNX Runtime thread each, "
                    + "workers times intra-op threads should not exceed the TaskManager's cores.");
    public static final ConfigOption<Integer> INTRA_OP_THREADS = ConfigOptions.key("inference.intra-op-threads")
            .intType().defaultValue(1).withDescription("ONNX Runtime threads per model call. One thread per call over several workers "
                    + "uses the cores as well on many concurrent legs, and the recognition CPU metric then counts all of it.");
    public static final ConfigOption<Integer> MAX_BATCH = ConfigOptions.key("inference.max-batch")
            .intType().defaultValue(8).withDescription("Most segments per model call. Batching raises throughput (see README); larger adds latency.");
    public static final ConfigOption<Integer> MAX_QUEUED_PARTIALS = ConfigOptions.key("inference.max-queued-partials")
            .intType().defaultValue(16).withDescription("Partials waiting beyond this are shed (counted in partialsShed). Finals are never shed.");
    public static final ConfigOption<Integer> FINAL_ATTEMPTS = ConfigOptions.key("inference.final-attempts")
            .intType().defaultValue(3).withDescription("Attempts per final before it is emitted flagged FAILED and sent to review.");
    public static final ConfigOption<Duration> ATTEMPT_TIMEOUT = ConfigOptions.key("inference.attempt-timeout")
            .durationType().defaultValue(Duration.ofSeconds(15))
            .withDescription("A model call not done in this time counts as a failed attempt: its finals are queued again "
                    + "(for another worker; whichever attempt answers first wins) until inference.final-attempts, its "
                    + "partials are shed. Keep final-attempts x attempt-timeout under inference.timeout.");
    public static final ConfigOption<Duration> INFERENCE_TIMEOUT = ConfigOptions.key("inference.timeout")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("A request not answered in this time, attempts and queueing included, completes as FAILED "
                    + "(finals) or shed (partials).");
    public static final ConfigOption<Integer> ASYNC_CAPACITY = ConfigOptions.key("inference.async-capacity")
            .intType().defaultValue(256).withDescription("Requests in flight per async operator instance before it back-pressures.");

    // ---- segmentation ----
    public static final ConfigOption<Double> VAD_THRESHOLD = ConfigOptions.key("vad.threshold")
            .doubleType().defaultValue(0.5).withDescription("Speech probability at or above which a 32 ms chunk is speech.");
    public static final ConfigOption<Duration> MIN_SILENCE = ConfigOptions.key("vad.min-silence")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("Silence that ends an utterance: the endpoint latency. Shorter cuts sentences at pauses.");
    public static final ConfigOption<Duration> SPEECH_PAD = ConfigOptions.key("vad.speech-pad")
            .durationType().defaultValue(Duration.ofMillis(200)).withDescription("Audio kept before and after speech; at most vad.min-silence.");
    public static final ConfigOption<Double> VAD_SILENCE_FLOOR = ConfigOptions.key("vad.silence-floor")
            .doubleType().defaultValue(SileroVad.DEFAULT_SILENCE_FLOOR_DBFS)
            .withDescription("dBFS, off (-Infinity) by default: once a leg has been quieter than this for 512 ms, its further "
                    + "quiet chunks are non-speech without a VAD model call (-60 skips 58 % of the HVB dev legs' chunks, but found "
                    + "extra speech in their silences: README).");
    public static final ConfigOption<Integer> VAD_MODEL_RATE = ConfigOptions.key("vad.model-rate")
            .intType().defaultValue(16000)
            .withDescription("Rate of the VAD model: 16000 runs Silero's 16 kHz model; 8000 its 8 kHz model on the 16 kHz audio "
                    + "halved (phone audio has nothing above 4 kHz): about 45 % less CPU per chunk, speech-span F1 0.880 against "
                    + "0.894 on the HVB dev calls (README). A checkpoint taken at the other rate restores with each leg's VAD "
                    + "state afresh.");
    public static final ConfigOption<Duration> MAX_SEGMENT = ConfigOptions.key("vad.max-segment")
            .durationType().defaultValue(Duration.ofSeconds(20)).withDescription("Longer speech is split at its quietest point.");
    public static final ConfigOption<Duration> PARTIAL_INTERVAL = ConfigOptions.key("segmentation.partial-interval")
            .durationType().defaultValue(Duration.ofMillis(1000))
            .withDescription("A partial transcript per this much new speech; 0 disables partials.");
    public static final ConfigOption<Double> PARTIAL_INTERVAL_SHARE = ConfigOptions.key("segmentation.partial-interval-share")
            .doubleType().defaultValue(0.5)
            .withDescription("A partial also waits for new speech of at least this share of what the previous partial covered "
                    + "(0.5: partials at 1, 2, 3, 4.5, 6.75 s ...). Each partial re-recognizes the utterance so far, so this "
                    + "bounds an utterance's partials to about (1 + share) / share times its final's cost; 0 keeps the plain interval.");
    public static final ConfigOption<Boolean> PAUSE_PARTIALS = ConfigOptions.key("segmentation.pause-partials")
            .booleanType().defaultValue(true)
            .withDescription("At a pause in speech, recognize the utterance so far with the finals' priority; if the pause "
                    + "becomes the endpoint the final takes that result, so it comes out up to min-silence minus speech-pad "
                    + "sooner. Costs a recognition per pause that speech resumes after.");
    public static final ConfigOption<Duration> IDLE_TIMEOUT = ConfigOptions.key("segmentation.idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("A leg without frames this long is ended as if its call ended (last segment flushed, state cleared).");
    public static final ConfigOption<Duration> VAD_BATCH_INTERVAL = ConfigOptions.key("segmentation.vad-batch-interval")
            .durationType().defaultValue(Duration.ofMillis(64))
            .withDescription("All legs with pending audio go through the VAD together this often (batching cuts VAD cost ~3x).");
    public static final ConfigOption<Integer> MAX_VAD_BATCH = ConfigOptions.key("segmentation.max-vad-batch")
            .intType().defaultValue(64).withDescription("Most legs per VAD model call.");
    public static final ConfigOption<Duration> ENDED_CALL_MEMORY = ConfigOptions.key("segmentation.ended-call-memory")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("How long frames for an ended leg are recognized (and dead-lettered) instead of starting a new leg.");
    public static final ConfigOption<Duration> END_GRACE = ConfigOptions.key("segmentation.end-grace")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("After a call-ended event, a leg ends once no frame came for this long: events and audio are on "
                    + "different topics, so the event may overtake the call's last frames.");
    public static final ConfigOption<Integer> JITTER_WINDOW = ConfigOptions.key("jitter.window-frames")
            .intType().defaultValue(8).withDescription("Frames the jitter buffer holds to reorder (8 x 20 ms = 160 ms delay budget).");

    // ---- per-tenant limits ----
    public static final ConfigOption<Integer> LIMIT_CONCURRENT_CALLS = ConfigOptions.key("limits.max-concurrent-calls")
            .intType().defaultValue(0)
            .withDescription("Most calls a tenant may have open at once; the started event and frames of a call beyond it go to "
                    + "dead-letters as tenant-call-limit, so one tenant cannot starve the others. A call counts from its started "
                    + "event or first frame to its ended event or segmentation.idle-timeout of silence. 0: no limit.");
    public static final ConfigOption<Integer> LIMIT_FRAMES_PER_SECOND = ConfigOptions.key("limits.max-frames-per-second")
            .intType().defaultValue(0)
            .withDescription("Most frames per second (processing time) a tenant may send; the excess goes to dead-letters as "
                    + "tenant-rate-limit. A live leg sends 50 (20 ms frames), but a backlog is read far faster after an outage: set "
                    + "it well above the tenant's calls x 2 legs x 50, or leave it 0 (no limit).");
    public static final ConfigOption<Map<String, String>> LIMIT_TENANT_CONCURRENT_CALLS = ConfigOptions.key("limits.tenant-max-concurrent-calls")
            .mapType().defaultValue(Map.of()).withDescription("Per-tenant overrides of limits.max-concurrent-calls, e.g. 'acme:500,globex:20'.");
    public static final ConfigOption<Map<String, String>> LIMIT_TENANT_FRAMES_PER_SECOND = ConfigOptions.key("limits.tenant-max-frames-per-second")
            .mapType().defaultValue(Map.of()).withDescription("Per-tenant overrides of limits.max-frames-per-second, e.g. 'acme:60000'.");

    // ---- review ----
    public static final ConfigOption<Double> REVIEW_THRESHOLD = ConfigOptions.key("review.confidence-threshold")
            .doubleType().defaultValue(0.6)
            .withDescription("Finals whose confidence (expected share of correct words) is below this go to review.");
    public static final ConfigOption<Map<String, String>> REVIEW_TENANT_THRESHOLDS = ConfigOptions.key("review.tenant-thresholds")
            .mapType().defaultValue(Map.of()).withDescription("Per-tenant review thresholds, e.g. 'acme:0.7,globex:0.5'.");
    public static final ConfigOption<Boolean> REVIEW_AUDIO = ConfigOptions.key("review.include-audio")
            .booleanType().defaultValue(true).withDescription("Attach the segment's audio (WAV, base64) to review items so a reviewer can listen.");

    // ---- state ----
    public static final ConfigOption<MemorySize> ROCKSDB_MAX_MANIFEST_SIZE = ConfigOptions.key("rocksdb.max-manifest-size")
            .memoryType().defaultValue(MemorySize.parse("256kb"))
            .withDescription("RocksDB's MANIFEST (its log of added and removed files, a record per flush, so per checkpoint) "
                    + "starts afresh beyond this size; RocksDB's own limit is 1 GB, reached only after weeks. Applies while "
                    + "state.backend.rocksdb.options-factory is the job's default, BoundedManifestRocksDbOptions.");

    // ---- PII ----
    public static final ConfigOption<PiiPolicy> PII_POLICY = ConfigOptions.key("pii.policy")
            .enumType(PiiPolicy.class).defaultValue(PiiPolicy.REDACT)
            .withDescription("What happens to card numbers (with CVV and expiry), SSNs, phone numbers, e-mail addresses and other long "
                    + "digit strings in partials, finals, review items and summaries, before any sink: 'REDACT' replaces each by "
                    + "its category ([card]) and drops the audio from review items that had one, 'TAG' keeps the words and marks "
                    + "them (words[].pii), 'OFF' leaves transcripts as recognized.");
    public static final ConfigOption<Map<String, String>> PII_TENANT_POLICIES = ConfigOptions.key("pii.tenant-policies")
            .mapType().defaultValue(Map.of())
            .withDescription("Per-tenant PII policies, e.g. 'acme:tag,globex:off'; other tenants get pii.policy.");
}
