package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A call's lifecycle on {@code call-events} (key: call ID), JSON. {@code started} opens the call
 * (optionally with per-call hot words, e.g. the customer's name from the CRM); {@code ended} closes it
 * and flushes every leg's last segment. {@code lastFrameMs} (optional, on {@code ended}) gives each
 * leg's last frame capture time by leg name: a leg whose audio stopped before the hang-up is then
 * known to be complete once that frame is in, instead of waiting for the idle timeout.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallEvent(
        @JsonProperty("v") int version,
        @JsonProperty("type") Type type,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("callId") String callId,
        @JsonProperty("legs") List<Leg> legs,
        @JsonProperty("codec") Codec codec,
        @JsonProperty("agentId") String agentId,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("hotwords") List<String> hotwords,
        @JsonProperty("timestampMs") long timestampMs,
        @JsonProperty("lastFrameMs") Map<String, Long> lastFrameMs) {

    public static final int VERSION = 1;

    public enum Type {
        @JsonProperty("started") STARTED,
        @JsonProperty("ended") ENDED
    }

    public static CallEvent started(String tenant, String callId, String agentId, List<String> hotwords, long timestampMs) {
        return new CallEvent(VERSION, Type.STARTED, tenant, callId, List.of(Leg.AGENT, Leg.CUSTOMER), null, agentId,
                Map.of(), hotwords, timestampMs, null);
    }

    public static CallEvent ended(String tenant, String callId, long timestampMs) {
        return ended(tenant, callId, timestampMs, null);
    }

    public static CallEvent ended(String tenant, String callId, long timestampMs, Map<String, Long> lastFrameMs) {
        return new CallEvent(VERSION, Type.ENDED, tenant, callId, null, null, null, null, null, timestampMs, lastFrameMs);
    }

    /** When {@code leg}'s audio ends on the call's clock: its last frame if the event says, else the hang-up. */
    public long legEndMs(Leg leg) {
        Long last = lastFrameMs == null ? null : lastFrameMs.get(leg.wireName());
        return last != null ? last : timestampMs;
    }
}
