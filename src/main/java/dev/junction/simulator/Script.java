package dev.junction.simulator;

import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of one streamed answer, made one at a time as they are asked for: each choice's
 * deltas (one per chunk, the choices taking turns), then a last chunk with every choice's finish
 * reason and the call's usage. Not thread-safe: used on its stream's event loop only.
 */
final class Script {

  private final String id;
  private final String model;
  private final long created;
  private final List<Answer> answers;
  private final Usage usage;
  private final int[] positions;
  private int nextChoice;
  private int remaining;

  Script(String id, String model, long created, List<Answer> answers, Usage usage) {
    this.id = id;
    this.model = model;
    this.created = created;
    this.answers = answers;
    this.usage = usage;
    this.positions = new int[answers.size()];
    int events = 0;
    for (Answer a : answers) {
      events += a.events();
    }
    this.remaining = events + 1;
  }

  /** Chunks still to come, the last one included. */
  int remaining() {
    return remaining;
  }

  boolean hasNext() {
    return remaining > 0;
  }

  /** The next chunk; call only while {@link #hasNext()}. */
  StreamChunk next() {
    if (remaining <= 0) {
      throw new IllegalStateException("script is over");
    }
    remaining--;
    if (remaining == 0) {
      List<ChoiceDelta> finishes = new ArrayList<>(answers.size());
      for (int i = 0; i < answers.size(); i++) {
        finishes.add(ChoiceDelta.finish(i, answers.get(i).finishReason(), null));
      }
      return new StreamChunk(id, model, created, finishes, usage, null);
    }
    while (true) {
      int c = nextChoice;
      nextChoice = (c + 1) % answers.size();
      Answer a = answers.get(c);
      if (positions[c] < a.events()) {
        return new StreamChunk(id, model, created, List.of(a.event(c, positions[c]++)), null,
            null);
      }
    }
  }
}
