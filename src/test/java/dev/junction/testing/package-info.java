/** Test support shared by several packages' tests. */
@NullMarked
package dev.junction.testing;

import org.jspecify.annotations.NullMarked;
