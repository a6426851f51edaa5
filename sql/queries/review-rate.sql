-- Quality per tenant per hour (event time: when the speech happened): final segments with words, the share
-- flagged low-confidence, and the share sent to human review (low confidence or failed recognition).
CREATE TEMPORARY VIEW quality_events AS
SELECT tenant, segment_time, 1 AS final_segment,
       CASE WHEN ARRAY_CONTAINS(flags, 'LOW_CONFIDENCE') THEN 1 ELSE 0 END AS low_confidence, 0 AS reviewed
FROM transcripts WHERE `final` AND CHAR_LENGTH(`text`) > 0
UNION ALL
SELECT segment.tenant AS tenant, segment_time, 0 AS final_segment, 0 AS low_confidence, 1 AS reviewed
FROM review;

SELECT tenant, window_start, window_end,
       SUM(final_segment) AS finals,
       SUM(low_confidence) AS low_confidence,
       CAST(SUM(low_confidence) AS DOUBLE) / NULLIF(SUM(final_segment), 0) AS low_confidence_rate,
       SUM(reviewed) AS reviewed,
       CAST(SUM(reviewed) AS DOUBLE) / NULLIF(SUM(final_segment), 0) AS review_rate
FROM TABLE(TUMBLE(TABLE quality_events, DESCRIPTOR(segment_time), INTERVAL '1' HOUR))
GROUP BY tenant, window_start, window_end;
