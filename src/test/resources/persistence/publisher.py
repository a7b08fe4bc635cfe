"""A paho-mqtt 1.6.1 publisher for Tombo's kill tests.

Usage: publisher.py HOST PORT CLIENT_ID TOPIC QOS N CLEAN_SESSION(0|1)

Publishes messages numbered 0..N-1 (the payload is the number) and prints, flushed, one line per event:
  CONNECTED <session present>   after each CONNACK
  ACK <number>                  on_publish: PUBACK (QoS 1) or PUBCOMP (QoS 2)
  DOWN <rc>                     the connection was lost (the broker was killed)
  DONE                          every message acknowledged; the script then exits
With clean session 0 the client keeps its in-flight messages across a broker restart and, when it reconnects,
resends them as MQTT requires: PUBLISH with DUP for those without PUBREC, PUBREL for those with it.
"""
import sys
import threading

import paho.mqtt.client as mqtt

host, port, client_id, topic = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
qos, n, clean = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7] == "1"

lock = threading.Lock()
mid_to_number = {}
early = set()  # mids acknowledged before the main thread recorded their number
acked = set()
done = threading.Event()


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def on_connect(client, userdata, flags, rc):
    say("CONNECTED %d rc=%d" % (flags.get("session present", 0), rc))


def on_disconnect(client, userdata, rc):
    say("DOWN %d" % rc)


def acknowledged(number):
    """Called holding `lock`."""
    if number in acked:
        return
    acked.add(number)
    say("ACK %d" % number)
    if len(acked) == n:
        done.set()


def on_publish(client, userdata, mid):
    with lock:
        number = mid_to_number.get(mid)
        if number is None:
            early.add(mid)
        else:
            acknowledged(number)


# paho-mqtt 1.6.1 resets its in-flight messages at every reconnect *attempt*, not once per lost connection: a QoS 2
# message awaiting PUBCOMP becomes "resend PUBREL" at the first attempt and, when that attempt fails because the
# broker is still down, plain "publish" with DUP 0 at the next one. The client then sends the PUBLISH again after its
# PUBREL, which MQTT forbids [MQTT-4.3.3-1] (3.1.1); a broker can only take it as a new message, and delivers it a
# second time (Mosquitto would too). Seen in this kill test as "Sending PUBLISH (d0, q2, r0, m210)" after
# "Sending PUBREL (Mid: 210)". The wrapper puts such a message back to "awaiting PUBCOMP" before each reset, which is
# the state the library's own reset expects, so the test measures the broker and not this client bug.
_reset_out = mqtt.Client._messages_reconnect_reset_out


def _reset_out_idempotent(self):
    with self._out_message_mutex:
        for m in self._out_messages.values():
            if m.qos == 2 and m.state == mqtt.mqtt_ms_resend_pubrel:
                m.state = mqtt.mqtt_ms_wait_for_pubcomp
    _reset_out(self)


mqtt.Client._messages_reconnect_reset_out = _reset_out_idempotent

client = mqtt.Client(client_id=client_id, clean_session=clean, protocol=mqtt.MQTTv311)
client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_publish = on_publish
client.on_log = lambda client, userdata, level, buf: sys.stderr.write(buf + "\n")  # packet trace for failures
client.max_inflight_messages_set(100)
client.max_queued_messages_set(0)
client.reconnect_delay_set(min_delay=1, max_delay=1)
client.connect(host, port, keepalive=60)
client.loop_start()
# publish() is not called holding `lock`: paho-mqtt calls on_publish holding its own out-message mutex, which publish()
# takes too, so holding `lock` across publish() deadlocked the two threads now and then (the network thread then
# never saw the broker go away). An acknowledgement that comes before its number is recorded waits in `early`.
for i in range(n):
    info = client.publish(topic, str(i), qos=qos)
    with lock:
        mid_to_number[info.mid] = i
        if info.mid in early:
            early.discard(info.mid)
            acknowledged(i)
done.wait(120)
say("DONE" if done.is_set() else "TIMEOUT %d acknowledged" % len(acked))
client.disconnect()
client.loop_stop()
sys.exit(0 if done.is_set() else 1)
