package io.tombo.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PEM files as OpenSSL and Mosquitto users have them, read with the JDK alone: X.509 certificates, and private keys in
 * the three unencrypted forms OpenSSL writes: PKCS#8 ({@code BEGIN PRIVATE KEY}, OpenSSL 3's default), PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}, {@code openssl genrsa -traditional} and OpenSSL 1.x) and SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}, {@code openssl ecparam -genkey}). The JDK reads only PKCS#8, so the other two are
 * wrapped into a PKCS#8 structure first ({@link Der}). Encrypted keys are refused with a message saying so.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "XDH");

    private Pem() {
    }

    /** Every certificate in a PEM file, in file order. */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Block b : blocks(file)) {
            if (b.label.equals("CERTIFICATE") || b.label.equals("TRUSTED CERTIFICATE")) {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
            }
        }
        if (certs.isEmpty()) {
            throw new CertificateException("no certificate in " + file);
        }
        return certs;
    }

    /**
     * The certificates of every readable PEM file in a directory (Mosquitto's {@code capath}: OpenSSL's hashed
     * directory, whose links point at PEM files). Files that hold no certificate are skipped.
     */
    public static List<X509Certificate> certificatesIn(Path dir) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f)) {
                    try {
                        certs.addAll(certificates(f));
                    } catch (GeneralSecurityException | IOException notACertificate) {
                        // capath directories hold other files too (CRLs, notes); OpenSSL skips them as well
                    }
                }
            }
        }
        return certs;
    }

    /** The first private key in a PEM file: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            switch (b.label) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der, file);
                }
                case "RSA PRIVATE KEY" -> {
                    if (b.encrypted) {
                        throw encrypted(file);
                    }
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Der.pkcs1ToPkcs8(b.der)));
                }
                case "EC PRIVATE KEY" -> {
                    if (b.encrypted) {
                        throw encrypted(file);
                    }
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Der.sec1ToPkcs8(b.der)));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                default -> {
                    // certificates or parameters before the key: keep looking
                }
            }
        }
        throw new InvalidKeySpecException("no private key in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new InvalidKeySpecException("unsupported private key algorithm in " + file);
    }

    private static InvalidKeySpecException encrypted(Path file) {
        return new InvalidKeySpecException("encrypted private key in " + file
                + " is not supported; decrypt it with: openssl pkey -in KEY -out KEY.plain");
    }

    private record Block(String label, byte[] der, boolean encrypted) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            // RFC 1421 headers ("Proc-Type: ...", "DEK-Info: ...") end at a blank line
            String[] headersAndBase64 = body.split("\\R\\R", 2);
            String base64 = body.contains(":") && headersAndBase64.length == 2 ? headersAndBase64[1] : body;
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(base64), encrypted));
            } catch (IllegalArgumentException e) {
                throw new IOException("bad base64 in a " + m.group(1) + " block of " + file, e);
            }
        }
        return blocks;
    }
}
