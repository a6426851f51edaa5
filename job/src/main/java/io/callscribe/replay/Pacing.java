package io.callscribe.replay;

/** How fast a replay sends its frames. */
public enum Pacing {
    /** Each frame when the wall clock reaches its arrival time, as a live call would. */
    REAL_TIME,
    /** All frames at once; their capture times still follow the call's clock. */
    AS_FAST_AS_POSSIBLE
}
