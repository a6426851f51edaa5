package io.callscribe.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Which side of the call a stream of audio is. */
public enum Leg {
    AGENT,
    CUSTOMER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Leg fromWire(String value) {
        if (value != null) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "agent":
                    return AGENT;
                case "customer":
                case "caller":
                    return CUSTOMER;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown leg '" + value + "' (agent or customer)");
    }
}
