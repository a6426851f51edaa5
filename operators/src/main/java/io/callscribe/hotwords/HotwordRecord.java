package io.callscribe.hotwords;

/**
 * A record of the compacted {@code hotwords} topic: key = tenant, value = the tenant's set in the
 * hot-word file format (YAML or JSON), as read, before it is checked.
 */
public record HotwordRecord(String tenant, byte[] document, long timestampMs) {}
