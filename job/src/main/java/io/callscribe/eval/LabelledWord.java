package io.callscribe.eval;

import io.callscribe.models.asr.Word;

/** A recognized word and whether the reference confirms it (every normalized token matched). */
public record LabelledWord(Word word, boolean correct) {}
