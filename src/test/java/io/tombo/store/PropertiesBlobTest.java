package io.tombo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.UserProperty;
import org.junit.jupiter.api.Test;

class PropertiesBlobTest {

    @Test
    void emptyPropertiesAreNull() {
        assertThat(PropertiesBlob.encode(Properties.EMPTY)).isNull();
        assertThat(PropertiesBlob.encode(null)).isNull();
        assertThat(PropertiesBlob.decode(null)).isSameAs(Properties.EMPTY);
    }

    @Test
    void everyPropertyRoundTripsExactly() {
        Properties.Builder b = Properties.builder();
        for (Property p : Property.values()) {
            switch (p.type()) {
                case BYTE -> b.put(p, 1);
                case TWO_BYTE -> b.put(p, 0xFFFF);
                case FOUR_BYTE -> b.put(p, 0xFFFF_FFFFL);
                case VARINT -> b.put(p, 268_435_455);
                case UTF8 -> b.put(p, "wert ü € \uD83D\uDE00 " + p);
                case BINARY -> b.put(p, new byte[] {0, (byte) 0xFF, 0x7F, (byte) 0x80, 0});
                case UTF8_PAIR -> b.put(p, new UserProperty("k", "v"));
            }
        }
        b.put(Property.SUBSCRIPTION_IDENTIFIER, 1);
        Properties all = b.build();

        Properties back = PropertiesBlob.decode(PropertiesBlob.encode(all));

        assertThat(back).isEqualTo(all);
        assertThat(back.subscriptionIdentifiers()).containsExactly(268_435_455, 1);
    }

    @Test
    void userPropertiesKeepOrderAndDuplicates() {
        Properties p = Properties.builder()
                .userProperty("b", "2").userProperty("a", "1").userProperty("b", "1").userProperty("", "")
                .put(Property.CORRELATION_DATA, new byte[] {9, 8, 7})
                .build();

        Properties back = PropertiesBlob.decode(PropertiesBlob.encode(p));

        assertThat(back.userProperties()).containsExactly(new UserProperty("b", "2"), new UserProperty("a", "1"),
                new UserProperty("b", "1"), new UserProperty("", ""));
        assertThat(back.binary(Property.CORRELATION_DATA)).containsExactly(9, 8, 7);
    }

    @Test
    void truncatedColumnIsReported() {
        byte[] blob = PropertiesBlob.encode(Properties.builder().put(Property.CONTENT_TYPE, "text/plain").build());
        byte[] cut = java.util.Arrays.copyOf(blob, blob.length - 3);

        assertThatThrownBy(() -> PropertiesBlob.decode(cut)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated");
    }
}
