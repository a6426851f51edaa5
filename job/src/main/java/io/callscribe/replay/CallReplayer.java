package io.callscribe.replay;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays recorded audio as one live call: the two legs (a stereo file's channel 0 is the agent and
 * channel 1 the customer, or two mono files), or a single leg, become RTP-like frames of 8 kHz G.711 or linear PCM,
 * with random SSRCs, sequence numbers and timestamps, optionally lost, duplicated and reordered,
 * and both legs interleaved in arrival order, between a {@code started} and an {@code ended} event.
 *
 * <p>Everything random comes from one seed: the same seed and start time give the same frames.
 * <pre>{@code
 * CallReplayer.builder().tenant("acme").callId("call-1").stereo(Path.of("call.wav"))
 *         .codec(Codec.PCMU).impairments(new Impairments(0.02, 0.01, 40)).seed(7)
 *         .pacing(Pacing.REAL_TIME).build()
 *         .replay(sink);
 * }</pre>
 */
public final class CallReplayer {

    private final CallEvent started;
    private final CallEvent ended;
    private final List<AudioFrame> frames;
    private final long startTimeMs;
    private final long seed;
    private final Pacing pacing;

    private CallReplayer(CallEvent started, CallEvent ended, List<AudioFrame> frames, long startTimeMs, long seed,
            Pacing pacing) {
        this.started = started;
        this.ended = ended;
        this.frames = frames;
        this.startTimeMs = startTimeMs;
        this.seed = seed;
        this.pacing = pacing;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Both legs' frames in arrival order, with capture times on the configured start time's clock. */
    public List<AudioFrame> frames() {
        return frames;
    }

    public CallEvent startedEvent() {
        return started;
    }

    public CallEvent endedEvent() {
        return ended;
    }

    /** The seed the impairments and RTP fields came from; pass it back to reproduce this call. */
    public long seed() {
        return seed;
    }

    /** From the started event to the ended event. */
    public Duration duration() {
        return Duration.ofMillis(ended.timestampMs() - started.timestampMs());
    }

    /**
     * Sends the call to the sink. Paced in {@link Pacing#REAL_TIME real time}, the events and capture
     * times move to the moment the replay starts, so that latency measured from them is real.
     */
    public void replay(ReplaySink sink) throws InterruptedException {
        if (pacing == Pacing.AS_FAST_AS_POSSIBLE) {
            sink.callStarted(started);
            frames.forEach(sink::frame);
            sink.callEnded(ended);
            return;
        }
        long startNanos = System.nanoTime();
        long shiftMs = System.currentTimeMillis() - startTimeMs;
        sink.callStarted(shifted(started, shiftMs));
        for (AudioFrame frame : frames) {
            sleepUntil(startNanos + (frame.capturedAtMs() - startTimeMs) * 1_000_000L);
            sink.frame(new AudioFrame(frame.tenant(), frame.callId(), frame.leg(), frame.ssrc(), frame.sequence(),
                    frame.rtpTimestamp(), frame.codec(), frame.sampleRate(), frame.payload(),
                    frame.capturedAtMs() + shiftMs));
        }
        sleepUntil(startNanos + (ended.timestampMs() - startTimeMs) * 1_000_000L);
        sink.callEnded(shifted(ended, shiftMs));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted");
            }
        }
    }

    private static CallEvent shifted(CallEvent event, long shiftMs) {
        Map<String, Long> lastFrameMs = null;
        if (event.lastFrameMs() != null) {
            lastFrameMs = new HashMap<>();
            for (Map.Entry<String, Long> e : event.lastFrameMs().entrySet()) {
                lastFrameMs.put(e.getKey(), e.getValue() + shiftMs);
            }
        }
        return new CallEvent(event.version(), event.type(), event.tenant(), event.callId(), event.legs(), event.codec(),
                event.agentId(), event.metadata(), event.hotwords(), event.timestampMs() + shiftMs, lastFrameMs);
    }

    /** Settings of a replay; {@link #build()} checks them and cuts the audio into frames. */
    public static final class Builder {

        private String tenant;
        private String callId = "replay-" + UUID.randomUUID();
        private String agentId;
        private List<String> hotwords = List.of();
        private Path stereoFile;
        private Path agentFile;
        private Path customerFile;
        private AudioClip agent;
        private AudioClip customer;
        private Leg singleLeg;
        private Codec codec = Codec.PCMU;
        private int l16SampleRate = 16000;
        private int frameMillis = 20;
        private Impairments impairments = Impairments.NONE;
        private Long seed;
        private Pacing pacing = Pacing.AS_FAST_AS_POSSIBLE;
        private Long startTimeMs;

        private Builder() {
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** Defaults to {@code replay-<random UUID>}. */
        public Builder callId(String callId) {
            this.callId = callId;
            return this;
        }

        /** Goes into the started event. */
        public Builder agentId(String agentId) {
            this.agentId = agentId;
            return this;
        }

        /** Per-call hot words for the started event. */
        public Builder hotwords(List<String> hotwords) {
            this.hotwords = List.copyOf(hotwords);
            return this;
        }

        /** A two-channel file: channel 0 the agent, channel 1 the customer. */
        public Builder stereo(Path file) {
            clearAudio();
            this.stereoFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder stereo(AudioClip clip) {
            clearAudio();
            if (clip.channelCount() != 2) {
                throw new IllegalArgumentException("a stereo call needs 2 channels, this clip has " + clip.channelCount());
            }
            this.agent = new AudioClip(new float[][] {clip.channel(0)}, clip.sampleRate());
            this.customer = new AudioClip(new float[][] {clip.channel(1)}, clip.sampleRate());
            return this;
        }

        /** One file per leg; a file with several channels is mixed down. */
        public Builder legs(Path agentFile, Path customerFile) {
            clearAudio();
            this.agentFile = Objects.requireNonNull(agentFile, "agentFile");
            this.customerFile = Objects.requireNonNull(customerFile, "customerFile");
            return this;
        }

        public Builder legs(AudioClip agent, AudioClip customer) {
            clearAudio();
            this.agent = Objects.requireNonNull(agent, "agent");
            this.customer = Objects.requireNonNull(customer, "customer");
            return this;
        }

        /** A call with one leg only (a mono recording); several channels are mixed down. */
        public Builder singleLeg(Leg leg, AudioClip clip) {
            clearAudio();
            this.singleLeg = Objects.requireNonNull(leg, "leg");
            AudioClip audio = Objects.requireNonNull(clip, "clip");
            if (leg == Leg.AGENT) {
                this.agent = audio;
            } else {
                this.customer = audio;
            }
            return this;
        }

        /** PCMU (default) and PCMA are 8 kHz; L16 uses {@link #l16SampleRate}. */
        public Builder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** The rate of L16 frames, 8000..48000 Hz; 16000 by default. */
        public Builder l16SampleRate(int sampleRate) {
            this.l16SampleRate = sampleRate;
            return this;
        }

        /** Audio per frame, 20 ms by default (160 bytes of G.711). */
        public Builder frameMillis(int frameMillis) {
            this.frameMillis = frameMillis;
            return this;
        }

        public Builder impairments(Impairments impairments) {
            this.impairments = Objects.requireNonNull(impairments, "impairments");
            return this;
        }

        /** Defaults to a random seed, which {@link CallReplayer#seed()} reports. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@link Pacing#AS_FAST_AS_POSSIBLE} by default. */
        public Builder pacing(Pacing pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        /** The call's start on the wall clock, ms since the epoch; defaults to when {@link #build()} runs. */
        public Builder startTimeMs(long startTimeMs) {
            this.startTimeMs = startTimeMs;
            return this;
        }

        /**
         * Reads the audio and cuts it into frames.
         *
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         * @throws IOException if an audio file cannot be read
         */
        public CallReplayer build() throws IOException {
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("tenant is required");
            }
            if (callId == null || callId.isBlank()) {
                throw new IllegalArgumentException("callId must not be blank");
            }
            if (l16SampleRate < 8000 || l16SampleRate > 48000) {
                throw new IllegalArgumentException("l16SampleRate must be in 8000..48000, got " + l16SampleRate);
            }
            if (frameMillis < 5 || frameMillis > 100) {
                throw new IllegalArgumentException("frameMillis must be in 5..100, got " + frameMillis);
            }
            int sampleRate = codec == Codec.L16 ? l16SampleRate : 8000;
            if (sampleRate * frameMillis % 1000 != 0) {
                throw new IllegalArgumentException("frameMillis " + frameMillis + " is not a whole number of samples at "
                        + sampleRate + " Hz");
            }
            float[][] legs = readLegs(sampleRate);
            long usedSeed = seed != null ? seed : new Random().nextLong();
            long start = startTimeMs != null ? startTimeMs : System.currentTimeMillis();

            Random random = new Random(usedSeed);
            long agentSsrc = random.nextLong() & 0xFFFF_FFFFL;
            long customerSsrc;
            do {
                customerSsrc = random.nextLong() & 0xFFFF_FFFFL;
            } while (customerSsrc == agentSsrc);
            List<LegPackets.Arrival> arrivals = new ArrayList<>();
            if (legs[0] != null) {
                arrivals.addAll(LegPackets.arrivals(tenant, callId, Leg.AGENT, agentSsrc, legs[0], codec, sampleRate,
                        frameMillis, impairments, start, random));
            }
            if (legs[1] != null) {
                arrivals.addAll(LegPackets.arrivals(tenant, callId, Leg.CUSTOMER, customerSsrc, legs[1], codec, sampleRate,
                        frameMillis, impairments, start, random));
            }
            // Stable: a duplicate stays right behind its original.
            arrivals.sort(Comparator.comparingLong(LegPackets.Arrival::arrivalMicros)
                    .thenComparingInt(LegPackets.Arrival::legOrder)
                    .thenComparingLong(LegPackets.Arrival::frameIndex));
            List<AudioFrame> frames = arrivals.stream().map(LegPackets.Arrival::frame).toList();

            long lastArrivalMs = arrivals.stream().mapToLong(LegPackets.Arrival::arrivalMicros).max().orElse(0) / 1000;
            CallEvent started = new CallEvent(CallEvent.VERSION, CallEvent.Type.STARTED, tenant, callId,
                    singleLeg != null ? List.of(singleLeg) : List.of(Leg.AGENT, Leg.CUSTOMER), codec, agentId, Map.of(), hotwords,
                    start, null);
            Map<String, Long> lastFrameMs = new HashMap<>();
            for (AudioFrame f : frames) {
                lastFrameMs.merge(f.leg().wireName(), f.capturedAtMs(), Math::max);
            }
            // an ended event without legs ends both: name the one leg of a single-leg call, or the other would start and end empty
            CallEvent ended = new CallEvent(CallEvent.VERSION, CallEvent.Type.ENDED, tenant, callId,
                    singleLeg != null ? List.of(singleLeg) : null, null, null, null, null, start + lastArrivalMs + frameMillis, lastFrameMs);
            return new CallReplayer(started, ended, frames, start, usedSeed, pacing);
        }

        /** Each leg's samples at {@code sampleRate}, agent then customer; null for a leg a single-leg call lacks. */
        private float[][] readLegs(int sampleRate) throws IOException {
            AudioClip agentClip = agent;
            AudioClip customerClip = customer;
            if (stereoFile != null) {
                AudioClip clip = AudioFiles.read(stereoFile);
                if (clip.channelCount() != 2) {
                    throw new IllegalArgumentException(stereoFile + " has " + clip.channelCount()
                            + " channel(s); a stereo call needs 2, or give one file per leg");
                }
                agentClip = new AudioClip(new float[][] {clip.channel(0)}, clip.sampleRate());
                customerClip = new AudioClip(new float[][] {clip.channel(1)}, clip.sampleRate());
            } else if (agentFile != null) {
                agentClip = AudioFiles.read(agentFile);
                customerClip = AudioFiles.read(customerFile);
            }
            if (agentClip == null && customerClip == null) {
                throw new IllegalArgumentException("no audio: set stereo(...), legs(...) or singleLeg(...)");
            }
            return new float[][] {agentClip == null ? null : atRate(agentClip, sampleRate),
                    customerClip == null ? null : atRate(customerClip, sampleRate)};
        }

        private static float[] atRate(AudioClip clip, int sampleRate) {
            return AudioClip.ofMono(clip.mono(), clip.sampleRate()).resampledTo(sampleRate, ResamplerKind.SINC)
                    .channel(0);
        }

        private void clearAudio() {
            stereoFile = null;
            agentFile = null;
            customerFile = null;
            agent = null;
            customer = null;
            singleLeg = null;
        }
    }
}
