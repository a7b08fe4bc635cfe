/**
 * Real database servers for integration tests, each started by the test as a child process in a temporary
 * directory on a free loopback port (never a system service) and torn down by it: PostgreSQL, MariaDB and
 * InfluxDB 1.x from Debian's packages, which {@code .ci/run} installs. Start one per test class
 * ({@code @BeforeAll}): starting takes about a second. Each can be stopped and started again on the same port and
 * data, for outage tests.
 */
package io.tombo.it.servers;
