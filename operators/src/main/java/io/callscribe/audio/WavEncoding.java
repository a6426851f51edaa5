package io.callscribe.audio;

/** The sample encodings {@link AudioFiles#writeWav(java.nio.file.Path, AudioClip, WavEncoding)} can write. */
public enum WavEncoding {
    /** 16-bit signed PCM: what every tool reads. */
    PCM_16(0x0001, 16),
    /** G.711 mu-law, 8 bits: a telephone leg as the network carried it. */
    MU_LAW(0x0007, 8),
    /** G.711 A-law, 8 bits. */
    A_LAW(0x0006, 8);

    final int formatTag;
    final int bitsPerSample;

    WavEncoding(int formatTag, int bitsPerSample) {
        this.formatTag = formatTag;
        this.bitsPerSample = bitsPerSample;
    }
}
