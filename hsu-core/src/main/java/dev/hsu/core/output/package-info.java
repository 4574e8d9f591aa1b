/** Handling of units' captured output: {@link dev.hsu.core.output.LineSplitter}. */
package dev.hsu.core.output;
