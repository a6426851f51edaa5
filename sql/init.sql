-- callscribe's Kafka topics as Flink tables, and its SQL functions.
-- Run first in a session: sql-client.sh -j callscribe.jar -j flink-sql-connector-kafka.jar -i sql/init.sql -f sql/queries/<query>.sql
-- Set the brokers below (or sed them) to your cluster's (the tests substitute the in-process broker's address).

-- Text functions (io.callscribe.sql, from the callscribe jar): the normalization used for scoring and matching.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS NORMALIZE_TRANSCRIPT AS 'io.callscribe.sql.NormalizeTranscript';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS CONTAINS_PHRASE AS 'io.callscribe.sql.ContainsPhrase';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS TRANSCRIPT_WORDS AS 'io.callscribe.sql.TranscriptWords';

-- A partition that receives nothing (a quiet tenant's partition) must not hold every window open.
SET 'table.exec.source.idle-timeout' = '30 s';

-- Partials (final = false, at-least-once, several revisions per segment) and finals (exactly once) of every
-- utterance. Event time is the segment's start on the wall clock: the call's clock zero plus startMs. A final is
-- written when its utterance ends (up to vad.max-segment after its start) plus recognition and, with exactly-once,
-- up to one checkpoint interval, and the two legs' segments interleave, hence the minute of allowed lateness.
CREATE TABLE IF NOT EXISTS transcripts (
  v INT,
  segmentId STRING,
  tenant STRING,
  callId STRING,
  leg STRING,
  revision INT,
  `final` BOOLEAN,
  startMs BIGINT,
  endMs BIGINT,
  `text` STRING,
  words ARRAY<ROW<`text` STRING, startMs BIGINT, endMs BIGINT, confidence FLOAT>>,
  confidence FLOAT,
  flags ARRAY<STRING>,
  modelId STRING,
  endpointToEmitMs BIGINT,
  emittedAtMs BIGINT,
  callStartMs BIGINT,
  segment_time AS TO_TIMESTAMP_LTZ(callStartMs + startMs, 3),
  WATERMARK FOR segment_time AS segment_time - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'kafka',
  'topic' = 'transcripts',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'callscribe-sql',
  -- finals are committed in Kafka transactions: read only what the job committed
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'false'
);

-- Finals a human should check (low confidence, failed recognition), with the segment and, when configured, its audio.
CREATE TABLE IF NOT EXISTS review (
  v INT,
  segment ROW<segmentId STRING, tenant STRING, callId STRING, leg STRING, startMs BIGINT, endMs BIGINT, `text` STRING,
      confidence FLOAT, flags ARRAY<STRING>, callStartMs BIGINT>,
  reason STRING,
  audioWavBase64 STRING,
  segment_time AS TO_TIMESTAMP_LTZ(segment.callStartMs + segment.startMs, 3),
  WATERMARK FOR segment_time AS segment_time - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'kafka',
  'topic' = 'review',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'callscribe-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

-- One row per leg when its call ends: full text, talk time, segments, mean confidence, review count.
CREATE TABLE IF NOT EXISTS call_summaries (
  v INT,
  tenant STRING,
  callId STRING,
  leg STRING,
  `text` STRING,
  talkTimeMs BIGINT,
  segments INT,
  meanConfidence FLOAT,
  reviewCount INT,
  endedBy STRING,
  endedAtMs BIGINT,
  callStartMs BIGINT,
  call_start AS TO_TIMESTAMP_LTZ(callStartMs, 3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'call-summaries',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'callscribe-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

-- The job's input events (what the telephony gateway writes): who the agent is, call metadata.
CREATE TABLE IF NOT EXISTS call_events (
  v INT,
  type STRING,
  tenant STRING,
  callId STRING,
  agentId STRING,
  metadata MAP<STRING, STRING>,
  timestampMs BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'call-events',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'callscribe-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  -- the topic is the gateway's: tolerate fields and records this table does not describe
  'json.ignore-parse-errors' = 'true'
);
