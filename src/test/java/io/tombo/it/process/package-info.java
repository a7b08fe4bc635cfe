/**
 * End-to-end tests of the {@code tombo broker} program as a user runs it: the shaded jar (or the {@code ./tombo}
 * launcher) started as a child process, driven through its command line, its configuration file and Unix signals,
 * and observed only from outside: exit status, stdout and stderr, the log file, the pid file, and MQTT clients
 * (Debian's {@code mosquitto_pub}/{@code mosquitto_sub}, Python scripts, raw sockets).
 *
 * <p>Every broker gets a free port (never 1883) and is stopped in {@code @AfterEach}: SIGTERM first, SIGKILL if it
 * has not exited within a few seconds. Nothing sleeps; tests wait on log lines, files and ports.
 */
package io.tombo.it.process;
