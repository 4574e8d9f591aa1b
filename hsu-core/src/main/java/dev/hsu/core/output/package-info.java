/**
 * Handling of units' captured output: {@link dev.hsu.core.output.LineSplitter} (console lines),
 * {@link dev.hsu.core.output.LogFile} (log files the master writes, with timestamps, rotation and
 * back-pressure) and {@link dev.hsu.core.output.LogFiles} (one writer per file).
 */
package dev.hsu.core.output;
