-- Long silences (dead air): stretches of at least 5 s inside a call where neither the agent nor the customer
-- speaks, i.e. from the end of a speech segment that no other segment overlaps to the next segment's start.
-- Segments are the job's non-empty finals (what the VAD heard and the recognizer turned into words).
CREATE TEMPORARY VIEW speech AS
SELECT tenant, callId, leg, startMs, endMs FROM transcripts WHERE `final` AND CHAR_LENGTH(`text`) > 0;

SELECT g.tenant, g.callId, g.silence_start_ms, g.silence_end_ms, (g.silence_end_ms - g.silence_start_ms) / 1000.0 AS silence_s
FROM (
  SELECT a.tenant, a.callId, a.endMs AS silence_start_ms, MIN(b.startMs) AS silence_end_ms
  FROM speech AS a
  JOIN speech AS b ON b.tenant = a.tenant AND b.callId = a.callId AND b.startMs >= a.endMs
  WHERE NOT EXISTS (
    SELECT 1 FROM speech AS c
    WHERE c.tenant = a.tenant AND c.callId = a.callId AND c.startMs < a.endMs AND c.endMs > a.endMs)
  GROUP BY a.tenant, a.callId, a.endMs
) AS g
WHERE g.silence_end_ms - g.silence_start_ms >= 5000;
