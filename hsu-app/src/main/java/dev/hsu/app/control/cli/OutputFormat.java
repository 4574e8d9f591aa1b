package dev.hsu.app.control.cli;

/** How a command prints units: an aligned table for people, or the API's JSON for scripts. */
public enum OutputFormat {
    table, json
}
