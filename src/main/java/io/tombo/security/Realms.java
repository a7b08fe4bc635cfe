package io.tombo.security;

import io.tombo.config.BrokerConfig;
import io.tombo.config.ListenerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link Realm} of a configuration: one for the whole broker, or with {@code per_listener_settings true} one
 * per listener. Loading reads the password and ACL files, so a file that cannot be used fails here, before the
 * broker starts or before a SIGHUP replaces the running realms. Immutable.
 */
public final class Realms {
    private final boolean perListener;
    private final Realm global;
    private final Map<ListenerConfig, Realm> byListener;

    private Realms(boolean perListener, Realm global, Map<ListenerConfig, Realm> byListener) {
        this.perListener = perListener;
        this.global = global;
        this.byListener = Map.copyOf(byListener);
    }

    /**
     * The realms {@code config} describes, for the listeners {@code bound} (those of the configuration the broker
     * started with: a SIGHUP re-reads the listeners' security settings but keeps their sockets, matched by position).
     *
     * @throws SecurityFileException a password or ACL file cannot be read or has a bad line
     */
    public static Realms load(BrokerConfig config, List<ListenerConfig> bound) {
        Realm global = new Realm(passwords(config.passwordFile()), acl(config.aclFile()), config.allowAnonymous(),
                config.useUsernameAsClientId());
        Map<ListenerConfig, Realm> byListener = new HashMap<>();
        if (config.perListenerSettings()) {
            List<ListenerConfig> fresh = config.listeners();
            for (int i = 0; i < bound.size(); i++) {
                ListenerConfig l = i < fresh.size() ? fresh.get(i) : bound.get(i);
                byListener.putIfAbsent(bound.get(i), new Realm(passwords(l.passwordFile()), acl(l.aclFile()),
                        l.allowAnonymous() != null ? l.allowAnonymous() : config.allowAnonymous(),
                        l.useUsernameAsClientId() != null ? l.useUsernameAsClientId()
                                : config.useUsernameAsClientId()));
            }
        }
        return new Realms(config.perListenerSettings(), global, byListener);
    }

    /** The realm a client of {@code listener} is judged by. */
    public Realm realm(ListenerConfig listener) {
        return perListener ? byListener.getOrDefault(listener, global) : global;
    }

    private static PasswordFile passwords(Path file) {
        return file == null ? null : PasswordFile.read(file);
    }

    private static Acl acl(Path file) {
        return file == null ? null : AclFile.read(file);
    }
}
