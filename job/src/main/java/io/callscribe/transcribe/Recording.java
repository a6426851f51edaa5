package io.callscribe.transcribe;

import java.io.Serializable;

/**
 * A recorded call to transcribe: an audio file (WAV, FLAC or MP3; two channels are the agent and
 * customer legs, one channel is a single leg) and the call ID its transcripts carry.
 *
 * @param file path of the file, readable where the job's tasks run
 */
public record Recording(String file, String callId) implements Serializable {}
