package dev.junction.gateway;

import dev.junction.provider.Upstream;

/** A result and the upstream that produced it, after {@code attempts} tries. */
record Served<T>(T value, Upstream upstream, int attempts) {}
