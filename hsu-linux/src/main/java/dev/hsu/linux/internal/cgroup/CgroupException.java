package dev.hsu.linux.internal.cgroup;

/**
 * A cgroup file operation failed. The message names the file, what was attempted and, where
 * known, what to do about it.
 */
public class CgroupException extends RuntimeException {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
