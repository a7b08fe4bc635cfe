/**
 * The {@code tombo} program: picocli commands, Mosquitto-style logging on Logback, and process concerns
 * (pid file, signals, daemon mode). This is the composition root; it may import every other package.
 */
package io.tombo.cli;
