package io.tombo.bench;

/** A receiving connection: counts and times every PUBLISH into its {@link Tally} and acknowledges QoS 1 and 2. */
final class SubscriberReader extends Reader {
    private final Tally tally;
    private final BenchClock clock;

    SubscriberReader(BenchConnection connection, Tally tally, BenchClock clock) {
        super(connection, 1 << 17);
        this.tally = tally;
        this.clock = clock;
    }

    @Override
    public void publish(int qos, int packetId, byte[] b, int payloadAt, int payloadLength) {
        if (payloadLength >= Stamp.LENGTH) {
            tally.message(Stamp.sendNanos(b, payloadAt), Stamp.publisher(b, payloadAt), Stamp.sequence(b, payloadAt),
                    clock.nanos());
        } else {
            tally.unstampedMessage();
        }
        if (qos == 1) {
            acknowledge(0x40, packetId);
        } else if (qos == 2) {
            acknowledge(0x50, packetId);
        }
    }

    @Override
    public void acknowledgement(int type, int packetId, int reason) {
        if (type == FrameParser.PUBREL) {
            acknowledge(0x70, packetId);
        }
    }

    @Override
    protected void batchEnd() {
        tally.publish();
    }

    Tally tally() {
        return tally;
    }
}
