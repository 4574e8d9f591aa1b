package dev.hsu.core;

/**
 * Which standard stream of a unit a line came from. (Not {@link java.io.OutputStream}: import
 * this one explicitly where both are in scope.)
 */
public enum OutputStream {
    STDOUT,
    STDERR
}
