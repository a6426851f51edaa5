package io.callscribe.kafka;

import io.callscribe.contract.codec.FrameFormatException;
import io.callscribe.contract.codec.FrameRejection;
import java.io.Serializable;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Per-tenant output topics ({@code topics.per-tenant}): tenant T's records of output topic
 * {@code transcripts} go to {@code transcripts.T}. Kafka's access control works per topic (a prefixed
 * ACL on {@code transcripts.T} gives tenant T its own and nothing else), so this is where tenants are
 * kept apart, not in partitions of one shared topic.
 *
 * <p>A tenant ID must then be a legal part of a topic name: ASCII letters, digits, {@code .},
 * {@code _} and {@code -}, short enough that the longest output topic stays within Kafka's 249
 * characters. Input of any other tenant is rejected ({@link #check}) before it reaches a leg.
 */
public final class TenantTopics implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Kafka's longest topic name. */
    static final int MAX_TOPIC_CHARS = 249;
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");

    private final int maxTenantChars;

    /** @param outputTopics the shared names the per-tenant topics are made from */
    public TenantTopics(Collection<String> outputTopics) {
        int longest = outputTopics.stream().mapToInt(String::length).max().orElse(0);
        this.maxTenantChars = MAX_TOPIC_CHARS - longest - 1;
        if (maxTenantChars < 1) {
            throw new IllegalArgumentException("output topic names of " + longest + " characters leave no room for a tenant");
        }
    }

    /** Tenant {@code tenant}'s topic for the shared topic {@code topic}. */
    public static String topic(String topic, String tenant) {
        return topic + "." + tenant;
    }

    /** Every tenant's topic for the shared topic {@code topic}, for lineage and consumers that follow new tenants. */
    public static Pattern pattern(String topic) {
        return Pattern.compile(Pattern.quote(topic) + "\\." + LEGAL.pattern());
    }

    /** @throws FrameFormatException ({@link FrameRejection#BAD_FIELD}) if {@code tenant} cannot name a topic */
    public void check(String tenant) {
        if (!LEGAL.matcher(tenant).matches()) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "tenant '" + tenant + "' cannot be part of a topic name "
                    + "(topics.per-tenant): only ASCII letters, digits, '.', '_' and '-' are allowed");
        }
        if (tenant.length() > maxTenantChars) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, "tenant is " + tenant.length() + " characters, at most "
                    + maxTenantChars + " fit in a topic name (topics.per-tenant)");
        }
    }
}
