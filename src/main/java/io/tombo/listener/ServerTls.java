package io.tombo.listener;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.tombo.config.ListenerConfig;
import io.tombo.security.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The TLS side of one listener: its {@link SslContext}, built from Mosquitto's PEM files ({@code certfile},
 * {@code keyfile} in PKCS#8, PKCS#1 RSA or SEC1 EC form, {@code cafile}/{@code capath}/{@code crlfile} for client
 * certificates), with OpenSSL (netty-tcnative BoringSSL) when its native library loads and the JDK's TLS otherwise.
 * SIGHUP re-reads the files into a new context; connections already open keep the one they started with.
 */
final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final ListenerConfig listener;
    private final SslProvider provider;
    /** Written by the reload thread, read by the event loops as connections arrive. */
    private volatile SslContext context;

    private ServerTls(ListenerConfig listener, SslProvider provider, SslContext context) {
        this.listener = listener;
        this.provider = provider;
        this.context = context;
    }

    /** Reads the listener's files; a problem is reported as {@code FILE:LINE: message} of the listener. */
    static ServerTls load(ListenerConfig l) {
        if (OpenSsl.isAvailable()) {
            try {
                return new ServerTls(l, SslProvider.OPENSSL, context(l, SslProvider.OPENSSL));
            } catch (IllegalArgumentException e) {
                // a key or suite BoringSSL does not take may still work with the JDK; if not, that error is reported
                log.warn("{}; trying the JDK's TLS for this listener", e.getMessage());
            }
        }
        return new ServerTls(l, SslProvider.JDK, context(l, SslProvider.JDK));
    }

    static SslContext context(ListenerConfig l, SslProvider provider) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(Pem.privateKey(l.keyfile()), Pem.certificates(l.certfile()))
                    .sslProvider(provider)
                    .protocols(protocols(l.tlsVersion()));
            if (l.requireCertificate()) {
                b.clientAuth(ClientAuth.REQUIRE).trustManager(ClientTrust.of(l));
            }
            if (l.ciphers() != null || l.ciphersTls13() != null) {
                b.ciphers(cipherSuites(l, provider));
            }
            return b.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(l.source() + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
    }

    SslProvider provider() {
        return provider;
    }

    /** SIGHUP: new certificate and key (and CAs, CRL) for new connections; on error the old ones stay. */
    void reload() {
        try {
            context = context(listener, provider);
            log.info("Reloaded TLS certificates of the listener at {}.", listener.source());
        } catch (IllegalArgumentException e) {
            log.error("Error: {}; keeping the previous certificates", e.getMessage());
        }
    }

    /** {@code tls_version} is the minimum version, as in Mosquitto 2.0. */
    static String[] protocols(String tlsVersion) {
        return switch (tlsVersion == null ? "tlsv1.2" : tlsVersion) {
            case "tlsv1.3" -> new String[] {"TLSv1.3"};
            case "tlsv1.1" -> new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1"};
            default -> new String[] {"TLSv1.3", "TLSv1.2"};
        };
    }

    /**
     * {@code ciphers} (TLS 1.2) and {@code ciphers_tls1.3} replace their own half of the provider's defaults. Names
     * may be OpenSSL's ({@code ECDHE-RSA-AES128-GCM-SHA256}, as Mosquitto users write them) or IANA's; an unknown
     * name is an error rather than a silently weaker list.
     */
    static List<String> cipherSuites(ListenerConfig l, SslProvider provider) throws GeneralSecurityException {
        Set<String> supported = provider == SslProvider.OPENSSL ? OpenSsl.availableJavaCipherSuites()
                : Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        List<String> defaults = Arrays.stream(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites())
                .filter(supported::contains).toList();
        List<String> suites = new ArrayList<>();
        suites.addAll(l.ciphers() != null ? named(l.ciphers(), supported, "ciphers")
                : defaults.stream().filter(s -> !isTls13(s)).toList());
        suites.addAll(l.ciphersTls13() != null ? named(l.ciphersTls13(), supported, "ciphers_tls1.3")
                : defaults.stream().filter(ServerTls::isTls13).toList());
        return suites;
    }

    private static List<String> named(String list, Set<String> supported, String directive) {
        List<String> suites = new ArrayList<>();
        for (String name : list.split(":")) {
            if (name.isBlank()) {
                continue;
            }
            String java = name.startsWith("TLS_") ? name : CipherSuiteConverter.toJava(name, "TLS");
            if (java == null || !supported.contains(java)) {
                throw new IllegalArgumentException(directive + ": unknown or unsupported cipher suite " + name);
            }
            suites.add(java);
        }
        return suites;
    }

    private static boolean isTls13(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }
}
