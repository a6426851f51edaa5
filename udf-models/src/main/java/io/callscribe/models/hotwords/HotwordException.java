package io.callscribe.models.hotwords;

import java.util.List;

/** A hot-word set that breaks a limit or cannot be expressed in the model's vocabulary; names every problem. */
public final class HotwordException extends IllegalArgumentException {

    private final List<String> problems;

    public HotwordException(String owner, List<String> problems) {
        super(owner + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems: " + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                        + (problems.size() > 10 ? "; ..." : "")));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence naming the phrase and the limit. */
    public List<String> problems() {
        return problems;
    }
}
