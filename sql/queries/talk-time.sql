-- Talk time per call: the agent's (with the agent's ID from the call-started event) and the customer's, in
-- seconds, and the agent's share of the talking. Talk time is the summed duration of a leg's non-empty final
-- segments, as in the call summaries. Calls appear when both legs' summaries are in.
SELECT
  a.tenant,
  a.callId,
  e.agentId,
  a.call_start,
  a.talkTimeMs / 1000.0 AS agent_talk_s,
  c.talkTimeMs / 1000.0 AS customer_talk_s,
  CAST(a.talkTimeMs AS DOUBLE) / NULLIF(a.talkTimeMs + c.talkTimeMs, 0) AS agent_share
FROM call_summaries AS a
JOIN call_summaries AS c ON c.tenant = a.tenant AND c.callId = a.callId AND c.leg = 'customer'
LEFT JOIN (SELECT tenant, callId, MAX(agentId) AS agentId FROM call_events WHERE type = 'started' GROUP BY tenant, callId) AS e
  ON e.tenant = a.tenant AND e.callId = a.callId
WHERE a.leg = 'agent';
