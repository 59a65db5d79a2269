/**
 * The library's front door: what the CLI, the server and tests call to get an archive, a fetcher, a locker and
 * advisory sources built from one configuration ({@link dev.bulwark.builder.api.ArchiveSettings}), so the wiring
 * exists once.
 */
package dev.bulwark.builder.api;
