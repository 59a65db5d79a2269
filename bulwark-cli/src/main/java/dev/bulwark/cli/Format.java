package dev.bulwark.cli;

/** How a command reports: for people, or JSON for machines. */
enum Format {
    text, json
}
