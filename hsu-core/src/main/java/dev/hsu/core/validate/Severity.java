package dev.hsu.core.validate;

/** How bad a {@link Problem} is. */
public enum Severity {
    /** The unit cannot be accepted. */
    ERROR,
    /** The unit is accepted; something will not be as configured (e.g. a limit not enforced). */
    WARNING
}
