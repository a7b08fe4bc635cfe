# What MicroPython's umqtt.simple does on the wire, with nothing but `socket`: CONNECT 3.1.1 with
# clean session and keep alive 0, SUBSCRIBE, PUBLISH at QoS 0 and 1, read what comes back, DISCONNECT.
#
# usage: umqtt_minimal.py HOST PORT CLIENT_ID TOPIC
# Prints one line per step to stdout. After "IDLE" it sends nothing until a line arrives on stdin: that
# gap is where a broker that mishandles keep alive 0 would drop the connection. Exits 1 on any surprise.
import socket
import struct
import sys


def say(*words):
    print(*words, flush=True)


def fail(why):
    say("FAIL", why)
    sys.exit(1)


def remaining_length(n):
    out = bytearray()
    while True:
        digit = n % 128
        n //= 128
        out.append(digit | 0x80 if n else digit)
        if not n:
            return bytes(out)


def string(s):
    b = s.encode("utf-8")
    return struct.pack("!H", len(b)) + b


def send(sock, first, body):
    sock.sendall(bytes([first]) + remaining_length(len(body)) + body)


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            fail("connection closed by the broker")
        data += chunk
    return data


def read_packet(sock):
    first = recv_exact(sock, 1)[0]
    n, shift = 0, 0
    while True:
        b = recv_exact(sock, 1)[0]
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    return first, recv_exact(sock, n)


def expect(sock, packet_type):
    first, body = read_packet(sock)
    if first >> 4 != packet_type:
        fail("expected packet type %d, got first byte 0x%02x" % (packet_type, first))
    return first, body


def publish(sock, topic, payload, qos, pid):
    body = string(topic) + (struct.pack("!H", pid) if qos else b"") + payload
    send(sock, 0x30 | qos << 1, body)


def read_message(sock, acked_pid=None):
    """Reads packets until our message has come back and, at QoS 1, its PUBACK too (in either order)."""
    message, acked = None, acked_pid is None
    while message is None or not acked:
        first, body = read_packet(sock)
        kind = first >> 4
        if kind == 4:
            (pid,) = struct.unpack("!H", body[:2])
            if pid != acked_pid or acked:
                fail("PUBACK for %d, expected one for %s" % (pid, acked_pid))
            acked = True
            continue
        if kind != 3 or message is not None:
            fail("unexpected first byte 0x%02x" % first)
        qos = first >> 1 & 3
        (tlen,) = struct.unpack("!H", body[:2])
        topic = body[2:2 + tlen].decode("utf-8")
        rest = body[2 + tlen:]
        if qos:
            (pid,) = struct.unpack("!H", rest[:2])
            rest = rest[2:]
            send(sock, 0x40, struct.pack("!H", pid))
        message = (topic, str(qos), rest.decode("utf-8"))
    return message


def main():
    host, port, client_id, topic = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    sock = socket.create_connection((host, port), timeout=10)

    # CONNECT: protocol name, level 4, flags 0x02 (clean session), keep alive 0
    send(sock, 0x10, string("MQTT") + bytes([4, 0x02]) + struct.pack("!H", 0) + string(client_id))
    _, connack = expect(sock, 2)
    if connack != b"\x00\x00":
        fail("CONNACK " + connack.hex())
    say("CONNACK")

    send(sock, 0x82, struct.pack("!H", 1) + string(topic) + bytes([1]))
    _, suback = expect(sock, 9)
    say("SUBACK", suback[2:].hex())

    publish(sock, topic, b"qos0 hello", 0, 0)
    say("MESSAGE", *read_message(sock))
    publish(sock, topic, b"qos1 hello", 1, 2)
    say("MESSAGE", *read_message(sock, acked_pid=2))

    say("IDLE")
    sys.stdin.readline()

    send(sock, 0xC0, b"")  # PINGREQ, as umqtt.simple's ping()
    expect(sock, 13)
    say("PINGRESP")
    publish(sock, topic, b"after idle", 1, 3)
    say("MESSAGE", *read_message(sock, acked_pid=3))

    send(sock, 0xE0, b"")
    sock.close()
    say("DONE")


main()
