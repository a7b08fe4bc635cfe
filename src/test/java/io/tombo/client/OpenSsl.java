package io.tombo.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test PKI made with the {@code openssl} command, as Mosquitto users make theirs: a CA, and leaf certificates signed
 * by it whose keys come in each PEM form OpenSSL writes. Nothing is checked in; every run makes fresh material.
 */
public final class OpenSsl {
    /** The private key forms of OpenSSL 3. */
    public enum KeyForm {
        /** {@code BEGIN PRIVATE KEY}: RSA in PKCS#8, OpenSSL 3's default. */
        RSA_PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY}: {@code openssl genrsa -traditional}. */
        RSA_PKCS1,
        /** {@code BEGIN EC PRIVATE KEY}: {@code openssl ecparam -genkey}. */
        EC_SEC1,
        /** {@code BEGIN PRIVATE KEY}: P-256 in PKCS#8. */
        EC_PKCS8,
        /** {@code BEGIN PRIVATE KEY}: Ed25519. */
        ED25519
    }

    private final Path dir;

    private OpenSsl(Path dir) {
        this.dir = dir;
    }

    /** Makes {@code ca.pem} / {@code ca.key} ("Tombo Test CA") in {@code dir}. */
    public static OpenSsl ca(Path dir) throws IOException, InterruptedException {
        OpenSsl pki = new OpenSsl(dir);
        pki.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Tombo Test CA");
        return pki;
    }

    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    /** A key in {@code form} at {@code NAME.key}. */
    public Path key(String name, KeyForm form) throws IOException, InterruptedException {
        String key = name + ".key";
        switch (form) {
            case RSA_PKCS8 -> run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key);
            case RSA_PKCS1 -> run("genrsa", "-traditional", "-out", key, "2048");
            case EC_SEC1 -> run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key);
            case EC_PKCS8 -> run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
            case ED25519 -> run("genpkey", "-algorithm", "ed25519", "-out", key);
        }
        return dir.resolve(key);
    }

    /**
     * {@code NAME.pem} and {@code NAME.key}: a certificate for CN=NAME with the given subjectAltName (e.g.
     * {@code DNS:localhost}), valid for server and client authentication, signed by the CA.
     */
    public Path leaf(String name, KeyForm form, String subjectAltName) throws IOException, InterruptedException {
        key(name, form);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltName + "\n"
                + "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n");
        run("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        run("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        return dir.resolve(name + ".pem");
    }

    /**
     * {@code crl.pem}: the CA's revocation list naming the leaf certificates {@code NAME.pem} of {@code revoked}, made
     * with {@code openssl ca} as an administrator would.
     */
    public Path crl(String... revoked) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = test
                [ test ]
                database = index.txt
                crlnumber = crlnumber
                default_md = sha256
                default_crl_days = 2
                """);
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        for (String name : revoked) {
            run("ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-revoke", name + ".pem");
        }
        run("ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-gencrl", "-out", "crl.pem");
        return dir.resolve("crl.pem");
    }

    public Path dir() {
        return dir;
    }

    /** Runs {@code openssl ARGS} in the PKI directory; fails with its output when it does not exit 0. */
    public void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed: " + command + "\n" + Files.readString(log));
        }
    }
}
