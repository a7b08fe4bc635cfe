package io.tombo.security;

import java.io.ByteArrayOutputStream;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;

/**
 * Just enough DER to wrap the traditional OpenSSL key formats into PKCS#8 (RFC 5208), the one the JDK reads:
 * {@code PrivateKeyInfo ::= SEQUENCE { version INTEGER 0, algorithm AlgorithmIdentifier, privateKey OCTET STRING }}.
 */
final class Der {
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int EC_PARAMETERS = 0xA0;
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] NULL = {0x05, 0x00};
    /** 1.2.840.113549.1.1.1 rsaEncryption. */
    private static final byte[] RSA_ENCRYPTION =
            {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** 1.2.840.10045.2.1 id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private Der() {
    }

    /** PKCS#1 RSAPrivateKey (RFC 8017 A.1.2) into PKCS#8 with algorithm rsaEncryption and NULL parameters. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        return privateKeyInfo(concat(RSA_ENCRYPTION, NULL), pkcs1);
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915: {@code SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OID,
     * [1] publicKey }}) into PKCS#8 with algorithm id-ecPublicKey and the curve named in its [0] parameters.
     */
    static byte[] sec1ToPkcs8(byte[] sec1) throws InvalidKeySpecException {
        int[] seq = header(sec1, 0, SEQUENCE);
        int pos = seq[0];
        int end = seq[0] + seq[1];
        while (pos < end) {
            int tag = sec1[pos] & 0xFF;
            int[] h = header(sec1, pos, tag);
            if (tag == EC_PARAMETERS) {
                int[] oid = header(sec1, h[0], OID);
                byte[] curve = Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
                return privateKeyInfo(concat(EC_PUBLIC_KEY, curve), sec1);
            }
            pos = h[0] + h[1];
        }
        throw new InvalidKeySpecException("EC private key without a named curve (SEC1 [0] parameters)");
    }

    private static byte[] privateKeyInfo(byte[] algorithmContent, byte[] key) {
        return tlv(SEQUENCE, concat(VERSION_0, tlv(SEQUENCE, algorithmContent), tlv(OCTET_STRING, key)));
    }

    /** Returns {content offset, content length} of the element at {@code pos}, which must carry {@code tag}. */
    private static int[] header(byte[] der, int pos, int tag) throws InvalidKeySpecException {
        if (pos + 2 > der.length || (der[pos] & 0xFF) != tag) {
            throw new InvalidKeySpecException("malformed DER: expected tag 0x" + Integer.toHexString(tag));
        }
        int first = der[pos + 1] & 0xFF;
        int offset = pos + 2;
        int length = first;
        if (first > 0x80) {
            int n = first & 0x7F;
            if (n > 3 || offset + n > der.length) {
                throw new InvalidKeySpecException("malformed DER length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = length << 8 | der[offset++] & 0xFF;
            }
        } else if (first == 0x80) {
            throw new InvalidKeySpecException("indefinite length is not DER");
        }
        if (offset + length > der.length) {
            throw new InvalidKeySpecException("truncated DER");
        }
        return new int[] {offset, length};
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
