package io.tombo.benchmarks;

import io.tombo.codec.FixedHeader;
import io.tombo.codec.PacketDecoder;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of one QoS 1 PUBLISH, the codec's share of every routed message. Run with
 * {@code java -cp target/bench-classes:target/classes:$(cat target/bench.classpath) org.openjdk.jmh.Main PublishCodec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PublishCodecBench {
    @Param({"64", "1024"})
    int payload;

    @Param({"MQTT_3_1_1", "MQTT_5"})
    ProtocolVersion version;

    private Publish publish;
    private ByteBuffer out;
    private byte[] encoded;

    @Setup
    public void setUp() {
        publish = new Publish("sensors/building-7/floor-3/temperature", QoS.AT_LEAST_ONCE, false, false, 42,
                Properties.EMPTY, new byte[payload]);
        encoded = PacketEncoder.encode(publish, version);
        out = ByteBuffer.allocateDirect(encoded.length);
    }

    @Benchmark
    public ByteBuffer encode() {
        out.clear();
        PacketEncoder.encode(publish, version, out);
        return out;
    }

    @Benchmark
    public Object decode() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        FixedHeader header = PacketDecoder.readFixedHeader(in);
        in.position(header.headerLength());
        return PacketDecoder.decode(header, in, version);
    }
}
