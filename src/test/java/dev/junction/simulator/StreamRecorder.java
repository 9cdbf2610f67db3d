package dev.junction.simulator;

import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.error.GatewayException;
import dev.junction.provider.ChatStream;
import dev.junction.provider.StreamSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A sink that records everything a stream delivers, and counts every callback. */
final class StreamRecorder implements StreamSink {

  final List<StreamChunk> chunks = new CopyOnWriteArrayList<>();
  final AtomicInteger callbacks = new AtomicInteger();
  final CountDownLatch done = new CountDownLatch(1);
  private final BiConsumer<StreamRecorder, Integer> hook;
  volatile @Nullable ChatStream stream;
  volatile @Nullable GatewayException error;
  volatile boolean completed;

  StreamRecorder(BiConsumer<StreamRecorder, Integer> hook) {
    this.hook = hook;
  }

  @Override
  public void onChunk(StreamChunk chunk) {
    callbacks.incrementAndGet();
    chunks.add(chunk);
    hook.accept(this, chunks.size());
  }

  @Override
  public void onComplete() {
    callbacks.incrementAndGet();
    completed = true;
    done.countDown();
  }

  @Override
  public void onError(GatewayException e) {
    callbacks.incrementAndGet();
    error = e;
    done.countDown();
  }

  StreamChunk last() {
    return chunks.getLast();
  }

  /** Text deltas of choice {@code index}, joined. */
  String text(int index) {
    StringBuilder sb = new StringBuilder();
    for (StreamChunk c : chunks) {
      for (ChoiceDelta d : c.choices()) {
        if (d.index() == index && d.text() != null) {
          sb.append(d.text());
        }
      }
    }
    return sb.toString();
  }

  /** Chunks carrying any delta of the given kind. */
  long count(Predicate<ChoiceDelta> kind) {
    return chunks.stream().filter(c -> c.choices().stream().anyMatch(kind)).count();
  }

  /** Tool-call argument fragments, joined. */
  String arguments() {
    StringBuilder sb = new StringBuilder();
    for (StreamChunk c : chunks) {
      for (ChoiceDelta d : c.choices()) {
        for (ToolCallDelta t : d.toolCalls()) {
          if (t.arguments() != null) {
            sb.append(t.arguments());
          }
        }
      }
    }
    return sb.toString();
  }
}
