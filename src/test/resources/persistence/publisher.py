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
acked = set()
done = threading.Event()


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def on_connect(client, userdata, flags, rc):
    say("CONNECTED %d rc=%d" % (flags.get("session present", 0), rc))


def on_disconnect(client, userdata, rc):
    say("DOWN %d" % rc)


def on_publish(client, userdata, mid):
    with lock:
        number = mid_to_number.get(mid)
        if number is None or number in acked:
            return
        acked.add(number)
        say("ACK %d" % number)
        if len(acked) == n:
            done.set()


client = mqtt.Client(client_id=client_id, clean_session=clean, protocol=mqtt.MQTTv311)
client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_publish = on_publish
client.max_inflight_messages_set(100)
client.max_queued_messages_set(0)
client.reconnect_delay_set(min_delay=1, max_delay=1)
client.connect(host, port, keepalive=60)
client.loop_start()
for i in range(n):
    with lock:
        info = client.publish(topic, str(i), qos=qos)
        mid_to_number[info.mid] = i
done.wait(120)
say("DONE" if done.is_set() else "TIMEOUT %d acknowledged" % len(acked))
client.disconnect()
client.loop_stop()
sys.exit(0 if done.is_set() else 1)
