-- Keyword trends: how often each tracked keyword was said per hour (event time), by agents and customers
-- together, counted over normalized words of the final transcripts. Edit the list to the terms you track.
CREATE TEMPORARY VIEW tracked_keywords (keyword) AS VALUES
  ('account'), ('balance'), ('card'), ('transfer'), ('payment'), ('fraud'), ('password'), ('fee'), ('loan'), ('refund');

SELECT w.window_start, w.window_end, k.keyword, COUNT(*) AS mentions
FROM TABLE(TUMBLE(TABLE transcripts, DESCRIPTOR(segment_time), INTERVAL '1' HOUR)) AS w,
     LATERAL TABLE(TRANSCRIPT_WORDS(w.`text`)) AS tw(word, word_position)
JOIN tracked_keywords AS k ON k.keyword = tw.word
WHERE w.`final`
GROUP BY w.window_start, w.window_end, k.keyword;
