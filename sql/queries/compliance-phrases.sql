-- Compliance alerts: for every ended call, each required agent phrase that the agent did NOT say within its
-- time limit from the call's start (e.g. the recorded-line disclosure in the first 30 s). One row per call and
-- missed rule. Phrases match as whole words after normalization (case, punctuation, numbers, fillers).
-- Edit the rules (tenant '*' = every tenant) to your scripts.
CREATE TEMPORARY VIEW compliance_rules (tenant, rule, phrase, within_ms) AS VALUES
  ('*', 'recorded-line disclosure', 'this call is recorded', 30000),
  ('*', 'recorded-line disclosure', 'recorded line', 30000),
  ('*', 'recorded-line disclosure', 'call may be recorded', 30000),
  ('*', 'greeting', 'how can i help you', 30000),
  ('*', 'greeting', 'how may i help you', 30000);

CREATE TEMPORARY VIEW agent_legs AS
SELECT tenant, callId, call_start FROM call_summaries WHERE leg = 'agent';

CREATE TEMPORARY VIEW rules_said AS
SELECT DISTINCT t.tenant, t.callId, r.rule
FROM transcripts AS t
JOIN compliance_rules AS r ON r.tenant = '*' OR r.tenant = t.tenant
WHERE t.`final` AND t.leg = 'agent' AND t.startMs < r.within_ms AND CONTAINS_PHRASE(t.`text`, r.phrase);

SELECT a.tenant, a.callId, a.call_start, r.rule
FROM agent_legs AS a
JOIN (SELECT DISTINCT tenant, rule FROM compliance_rules) AS r ON r.tenant = '*' OR r.tenant = a.tenant
LEFT JOIN rules_said AS s ON s.tenant = a.tenant AND s.callId = a.callId AND s.rule = r.rule
WHERE s.rule IS NULL;
