package io.callscribe.kafka;

/** The topic names the pipeline uses unless configured otherwise (README, "Topics"). */
public final class DefaultTopics {

    /** Audio frames, binary or JSON; key: call ID. */
    public static final String CALL_AUDIO = "call-audio";
    /** Call started and ended events, JSON; key: call ID. */
    public static final String CALL_EVENTS = "call-events";
    public static final String TRANSCRIPTS = "transcripts";
    public static final String REVIEW = "review";
    public static final String CALL_SUMMARIES = "call-summaries";
    public static final String DEAD_LETTERS = "dead-letters";
    /** Tenants' hot-word sets, compacted; key: tenant, value: the set in the hot-word file format. */
    public static final String HOTWORDS = "hotwords";

    private DefaultTopics() {
    }
}
