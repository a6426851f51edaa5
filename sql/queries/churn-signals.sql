-- Calls that mention a competitor or a cancellation, with who said it and what: one row per matching final
-- segment. Phrases match as whole words after normalization. Edit the lists to your market.
CREATE TEMPORARY VIEW churn_phrases (kind, phrase) AS VALUES
  ('cancellation', 'cancel'), ('cancellation', 'cancellation'),
  ('cancellation', 'close my account'), ('cancellation', 'closing my account'), ('cancellation', 'switch banks'),
  ('competitor', 'chase'), ('competitor', 'wells fargo'), ('competitor', 'bank of america'),
  ('competitor', 'citibank'), ('competitor', 'capital one'), ('competitor', 'another bank');

SELECT t.tenant, t.callId, t.leg, t.startMs, p.kind, p.phrase, t.`text`
FROM transcripts AS t
JOIN churn_phrases AS p ON CONTAINS_PHRASE(t.`text`, p.phrase)
WHERE t.`final`;
