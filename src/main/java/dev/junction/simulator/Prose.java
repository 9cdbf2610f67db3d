package dev.junction.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The simulator's writing: an answer opens with a greeting that names the model ({@code Hello
 * from the Junction simulator (model fast).}) and goes on in pseudo-words from a small vocabulary;
 * reasoning opens with {@code Let me think.} Each token is one word with its leading space, so
 * joining the tokens gives the text, and a shorter answer is a prefix of a longer one drawn from
 * the same random state. Cheap: two random draws per word. Immutable.
 */
final class Prose {

  private static final String[] WORDS = {
    "signal", "route", "token", "stream", "river", "bridge", "lantern", "harbor", "compass",
    "gateway", "meadow", "quartz", "ember", "orbit", "cascade", "delta", "summit", "canyon",
    "beacon", "willow", "granite", "tide", "prism", "falcon", "cedar", "vector", "pulse",
    "anchor", "mosaic", "horizon", "thread", "kernel", "maple", "copper", "atlas", "echo",
    "garden", "pioneer", "ripple", "silver", "tunnel", "voyage", "window", "zephyr", "junction",
    "lattice", "marble", "nimbus", "oasis", "pebble", "quiver", "relay", "saffron", "timber",
    "umbra", "velvet", "wander", "yonder", "bright", "calm", "swift", "quiet", "steady", "clear"
  };
  private static final List<String> THINKING = List.of("Let", " me", " think.");
  /** One word in this many ends a sentence. */
  private static final int SENTENCE = 9;

  private final List<String> greeting;

  Prose(String model) {
    this.greeting = List.of("Hello", " from", " the", " Junction", " simulator", " (model",
        " " + model + ").");
  }

  /** The first {@code count} tokens of an answer. */
  List<String> answer(RandomGenerator random, int count) {
    return write(greeting, random, count);
  }

  /** The first {@code count} tokens of a reasoning text. */
  List<String> reasoning(RandomGenerator random, int count) {
    return write(THINKING, random, count);
  }

  /** One pseudo-word. */
  static String word(RandomGenerator random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static List<String> write(List<String> opening, RandomGenerator random, int count) {
    List<String> tokens = new ArrayList<>(count);
    for (int i = 0; i < count && i < opening.size(); i++) {
      tokens.add(opening.get(i));
    }
    boolean capital = true;
    for (int i = tokens.size(); i < count; i++) {
      String w = word(random);
      if (capital) {
        w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      }
      capital = random.nextInt(SENTENCE) == 0;
      tokens.add(capital ? " " + w + "." : " " + w);
    }
    return tokens;
  }
}
