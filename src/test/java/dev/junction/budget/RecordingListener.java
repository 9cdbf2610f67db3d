package dev.junction.budget;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every alert. */
final class RecordingListener implements ThresholdListener {

  final List<ThresholdEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onThreshold(ThresholdEvent event) {
    events.add(event);
  }

  List<Integer> percents() {
    return events.stream().map(ThresholdEvent::percent).toList();
  }
}
