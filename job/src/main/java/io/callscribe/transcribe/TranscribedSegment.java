package io.callscribe.transcribe;

import io.callscribe.models.asr.Transcript;
import io.callscribe.models.vad.SpeechSpan;

/** A speech segment of a channel (16 kHz sample clock) and its transcript. */
public record TranscribedSegment(SpeechSpan span, Transcript transcript) {}
