package io.tombo.security;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One password as Mosquitto's password file stores it: {@code $6$SALT$HASH} (SHA-512 of password then salt),
 * {@code $7$ITERATIONS$SALT$HASH} (PBKDF2-HMAC-SHA512, 64-byte output) or an Argon2id PHC string
 * ({@code $argon2id$v=19$m=...,t=...,p=...$SALT$HASH}, Mosquitto 2.1). Salt and hash are standard Base64.
 * Mosquitto 2.0 writes and reads only 12-byte salts; 2.1 writes 64-byte ones and reads both.
 */
public sealed interface PasswordHash {

    /** Whether {@code password} (the CONNECT password bytes) is the one this hash was made from. */
    boolean matches(byte[] password);

    /** The text after {@code username:} in the file. */
    String encoded();

    /** Mosquitto 2.0's salt length, the only one 2.0 accepts; 2.1 reads it too. */
    int SALT_BYTES = 12;
    /** Mosquitto 2.0's default PBKDF2 iteration count ({@code mosquitto_passwd} without {@code -I}). */
    int DEFAULT_ITERATIONS = 101;

    /** The algorithms of {@code mosquitto_passwd -H}. */
    enum Algorithm {
        SHA512("sha512"), SHA512_PBKDF2("sha512-pbkdf2"), ARGON2ID("argon2id");

        private final String flag;

        Algorithm(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        /** The algorithm named by {@code -H}, or null. */
        public static Algorithm of(String flag) {
            for (Algorithm a : values()) {
                if (a.flag.equals(flag.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * Reads an encoded hash.
     *
     * @throws IllegalArgumentException saying what is wrong, never echoing the hash
     */
    static PasswordHash parse(String encoded) {
        if (encoded.startsWith("$6$")) {
            String[] parts = fields(encoded.substring(3), 2, "$6$SALT$HASH");
            return new Sha512(salt(parts[0]), hash(parts[1]));
        }
        if (encoded.startsWith("$7$")) {
            String[] parts = fields(encoded.substring(3), 3, "$7$ITERATIONS$SALT$HASH");
            int iterations;
            try {
                iterations = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                iterations = 0;
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("invalid PBKDF2 iteration count");
            }
            return new Pbkdf2(iterations, salt(parts[1]), hash(parts[2]));
        }
        if (encoded.startsWith("$argon2id$")) {
            try {
                Argon2Function.getInstanceFromHash(encoded);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid argon2id hash");
            }
            return new Argon2id(encoded);
        }
        throw new IllegalArgumentException(encoded.startsWith("$")
                ? "unknown password hash type (expected $6$, $7$ or $argon2id$)"
                : "password is not hashed (run tombo passwd -U or mosquitto_passwd -U on the file)");
    }

    /** A new hash of {@code password} with a fresh random salt, as {@code mosquitto_passwd} writes it. */
    static PasswordHash create(Algorithm algorithm, byte[] password, int iterations, SecureRandom random) {
        return switch (algorithm) {
            case SHA512 -> {
                byte[] salt = bytes(random, SALT_BYTES);
                yield new Sha512(salt, Sha512.digest(password, salt));
            }
            case SHA512_PBKDF2 -> {
                byte[] salt = bytes(random, SALT_BYTES);
                yield new Pbkdf2(iterations, salt, Pbkdf2.derive(password, salt, iterations));
            }
            case ARGON2ID -> new Argon2id(Argon2id.FUNCTION.hash(password, bytes(random, Argon2id.SALT_BYTES))
                    .getResult());
        };
    }

    /** {@code $6$}: one SHA-512 over the password followed by the salt. */
    record Sha512(byte[] salt, byte[] hash) implements PasswordHash {
        static byte[] digest(byte[] password, byte[] salt) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-512");
                md.update(password);
                md.update(salt);
                return md.digest();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-512 missing from the JDK", e);
            }
        }

        @Override
        public boolean matches(byte[] password) {
            return MessageDigest.isEqual(hash, digest(password, salt));
        }

        @Override
        public String encoded() {
            return "$6$" + b64(salt) + "$" + b64(hash);
        }
    }

    /** {@code $7$}: PBKDF2-HMAC-SHA512 with the stored iteration count, 64 bytes of output. */
    record Pbkdf2(int iterations, byte[] salt, byte[] hash) implements PasswordHash {
        /** Over raw password bytes: the JDK's PBEKeySpec takes chars and would re-encode them. */
        static byte[] derive(byte[] password, byte[] salt, int iterations) {
            try {
                Mac mac = Mac.getInstance("HmacSHA512");
                // an empty key is valid HMAC but not a valid SecretKeySpec: HMAC pads it with zeros anyway
                mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA512"));
                mac.update(salt);
                mac.update(new byte[] {0, 0, 0, 1}); // one block: 64 bytes is exactly SHA-512's output
                byte[] u = mac.doFinal();
                byte[] out = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < out.length; j++) {
                        out[j] ^= u[j];
                    }
                }
                return out;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA512 missing from the JDK", e);
            }
        }

        @Override
        public boolean matches(byte[] password) {
            return MessageDigest.isEqual(hash, derive(password, salt, iterations));
        }

        @Override
        public String encoded() {
            return "$7$" + iterations + "$" + b64(salt) + "$" + b64(hash);
        }
    }

    /** Argon2id in the PHC string form; new ones use Mosquitto 2.1's parameters: t=1, m=47104 KiB, p=1. */
    record Argon2id(String encoded) implements PasswordHash {
        static final int SALT_BYTES = 64;
        static final Argon2Function FUNCTION = Argon2Function.getInstance(47104, 1, 1, 64, Argon2.ID, 19);

        @Override
        public boolean matches(byte[] password) {
            return Argon2Function.getInstanceFromHash(encoded)
                    .check(password, encoded.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String[] fields(String rest, int count, String form) {
        String[] parts = rest.split("\\$", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("malformed password hash (expected " + form + ")");
        }
        return parts;
    }

    private static byte[] salt(String b64) {
        byte[] salt = decode(b64, "salt");
        if (salt.length != SALT_BYTES && salt.length != 64) {
            throw new IllegalArgumentException("salt must be 12 or 64 bytes, not " + salt.length);
        }
        return salt;
    }

    private static byte[] hash(String b64) {
        byte[] hash = decode(b64, "hash");
        if (hash.length != 64) {
            throw new IllegalArgumentException("hash must be 64 bytes, not " + hash.length);
        }
        return hash;
    }

    private static byte[] decode(String b64, String what) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid Base64 in the " + what);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
