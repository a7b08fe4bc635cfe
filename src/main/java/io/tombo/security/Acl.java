package io.tombo.security;

import io.tombo.codec.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The rules of an {@code acl_file}, checked as Mosquitto 2.0 checks them:
 * <ol>
 *   <li>the client's own {@code topic} rules: those under its {@code user} line, or for a client without a username
 *       the ones before the first {@code user} line; {@code deny} rules first, then the others in file order. The
 *       first rule whose filter matches and that denies or grants the access decides;</li>
 *   <li>then the {@code pattern} rules (for every client), {@code %c} and {@code %u} replaced by the client id and
 *       username, in the same order. A client whose id or username contains {@code +} or {@code #} gets nothing
 *       from patterns: substituted into a filter those would widen it to other clients' topics;</li>
 *   <li>nothing matched: denied.</li>
 * </ol>
 * A topic starting with {@code $} matches only filters that name it (no leading wildcard). Immutable and
 * shared across threads.
 */
public final class Acl {
    private static final Logger log = LoggerFactory.getLogger(Acl.class);

    private final List<AclRule> anonymous;
    private final Map<String, List<AclRule>> users;
    private final List<AclRule> patterns;

    Acl(List<AclRule> anonymous, Map<String, List<AclRule>> users, List<AclRule> patterns) {
        this.anonymous = List.copyOf(anonymous);
        this.users = Map.copyOf(users);
        this.patterns = List.copyOf(patterns);
    }

    /** Whether the client {@code clientId} ({@code username} null when anonymous) may {@code access} {@code topic}. */
    public boolean allows(Access access, String topic, String username, String clientId) {
        List<AclRule> own = username == null ? anonymous : users.getOrDefault(username, List.of());
        for (AclRule r : own) {
            if (r.matches(topic)) {
                if (r.deny()) {
                    return false;
                }
                if (r.grants(access)) {
                    return true;
                }
            }
        }
        if (patterns.isEmpty()) {
            return false;
        }
        if (widens(username) || widens(clientId)) {
            log.debug("client={} ACL patterns skipped: client id or username contains + or #", clientId);
            return false;
        }
        for (AclRule p : patterns) {
            if (p.usesUsername() && username == null) {
                continue;
            }
            if (Topics.matches(p.substitute(clientId, username), topic)) {
                if (p.deny()) {
                    return false;
                }
                if (p.grants(access)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean widens(String s) {
        return s != null && (s.indexOf('+') >= 0 || s.indexOf('#') >= 0);
    }
}
