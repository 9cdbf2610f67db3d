package dev.junction.gateway;

/**
 * What an attempt for a client that speaks a vendor's own format got back: the upstream's answer
 * relayed untouched ({@code R}: a {@link dev.junction.provider.PassThrough.Answer} or {@link
 * dev.junction.provider.PassThrough.Stream}), or a canonical one to translate ({@code T}: a
 * {@link dev.junction.chat.ChatResponse} or {@link dev.junction.provider.ChatStream}).
 */
sealed interface Reply<R, T> {

  /** The upstream spoke the client's format; its answer is relayed as it is. */
  record Relayed<R, T>(R value) implements Reply<R, T> {}

  /** The upstream was reached through the canonical model; its answer is translated back. */
  record Translated<R, T>(T value) implements Reply<R, T> {}
}
