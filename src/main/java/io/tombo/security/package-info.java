/**
 * Authentication and authorisation as Mosquitto does them, from the files Mosquitto users already have.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.tombo.security.PasswordHash} — one entry of a {@code password_file}: {@code $6$} (SHA-512),
 *       {@code $7$} (PBKDF2-HMAC-SHA512) or Argon2id; {@link io.tombo.security.PasswordFile} — the whole file.</li>
 *   <li>{@link io.tombo.security.AclFile} reads an {@code acl_file} into an {@link io.tombo.security.Acl}, which
 *       answers "may this client read / write this topic" by Mosquitto 2.0's rules.</li>
 *   <li>{@link io.tombo.security.Realm} — the settings a client is judged by (the broker's, or its listener's with
 *       {@code per_listener_settings}); {@link io.tombo.security.Realms} — all of them, loaded from one
 *       configuration. A SIGHUP loads new realms and swaps them in whole.</li>
 *   <li>{@link io.tombo.security.PasswordChecks} — the threads password hashes are checked on;
 *       {@link io.tombo.security.LoginThrottle} — back-off per address after failed logins;
 *       {@link io.tombo.security.PeerCertificate} — the identity a TLS listener vouches for (the listener turns
 *       a TLS session into one; the broker decides what it means);</li>
 *   <li>{@link io.tombo.security.Pem} reads the PEM certificates and keys Mosquitto users have.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Everything here is immutable except the two services, which are thread-safe: realms are read from every event
 * loop without locks, and replaced by one volatile write on reload.
 *
 * <h2>Invariants</h2>
 * A file that cannot be used is refused with FILE:LINE before it replaces a working one. Passwords and hashes are
 * never logged. A client id or username containing {@code +} or {@code #} never widens a {@code pattern} rule.
 */
package io.tombo.security;
