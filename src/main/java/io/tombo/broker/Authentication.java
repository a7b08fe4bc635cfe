package io.tombo.broker;

import io.tombo.codec.Connect;
import io.tombo.codec.ReasonCode;
import io.tombo.security.LoginThrottle;
import io.tombo.security.Realm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Decides whether a CONNECT's credentials are accepted: a certificate-derived username is; otherwise the
 * {@link Realm} decides, the password check running on {@link io.tombo.security.PasswordChecks}' threads and
 * its answer coming back on the connection's home thread. Failed checks slow down the address they came from
 * ({@link LoginThrottle}). Passwords are never logged.
 */
final class Authentication {
    private static final Logger log = LoggerFactory.getLogger(Authentication.class);

    private final Broker broker;
    private final ClientChannel channel;
    private final Realm realm;

    Authentication(Broker broker, ClientChannel channel, Realm realm) {
        this.broker = broker;
        this.channel = channel;
        this.realm = realm;
    }

    /** Calls {@code then} on the home thread with SUCCESS or the CONNACK reason of the refusal. */
    void check(Connect c, Login login, String clientId, Consumer<ReasonCode> then) {
        if (login.fromCertificate()) {
            then.accept(ReasonCode.SUCCESS);
            return;
        }
        if (!realm.checksPassword(login.username())) {
            then.accept(realm.authenticate(login.username(), null));
            return;
        }
        String address = host(channel.remoteAddress());
        LoginThrottle throttle = broker.loginThrottle();
        long wait = throttle.waitMillis(address);
        if (wait > 0) {
            log.info("client={} remote={} login refused unchecked: {} ms of back-off left after failed logins",
                    clientId, channel.remoteAddress(), wait);
            then.accept(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        byte[] password = c.password();
        broker.passwordChecks().submit(() -> realm.authenticate(login.username(), password),
                channel.home()::execute, reason -> {
                    if (reason == ReasonCode.SUCCESS) {
                        throttle.succeeded(address);
                    } else if (reason == ReasonCode.BAD_USER_NAME_OR_PASSWORD) {
                        int failures = throttle.failed(address);
                        log.info("client={} remote={} bad username or password for u'{}' ({} in a row from {})",
                                clientId, channel.remoteAddress(), login.username(), failures, address);
                    }
                    then.accept(reason);
                });
    }

    /** The host part of {@code host:port} (IPv6 hosts contain ':' themselves). */
    static String host(String remoteAddress) {
        int colon = remoteAddress.lastIndexOf(':');
        return colon <= 0 ? remoteAddress : remoteAddress.substring(0, colon);
    }
}
