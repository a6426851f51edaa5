package io.callscribe.kafka;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** A topic to create: its name, partition count and whether it is compacted (latest value per key). */
public record TopicSpec(String name, int partitions, boolean compacted) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, got " + partitions);
        }
    }

    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, false);
    }

    public TopicSpec asCompacted() {
        return new TopicSpec(name, partitions, true);
    }

    NewTopic toNewTopic(short replicationFactor) {
        NewTopic topic = new NewTopic(name, partitions, replicationFactor);
        return compacted ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }
}
