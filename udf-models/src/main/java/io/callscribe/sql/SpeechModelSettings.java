package io.callscribe.sql;

import java.io.Serializable;

/** A speech model's options as the predict function needs them on a TaskManager. */
public record SpeechModelSettings(String model, String modelDir, String executionProvider, int intraOpThreads, int beamWidth)
        implements Serializable {}
