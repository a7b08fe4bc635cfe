# MQTT over WebSocket with Python paho-mqtt 1.6 (Debian's python3-paho-mqtt), transport="websockets" as the
# tutorials use it: one client subscribes, publishes a payload larger than one socket read to itself, prints what
# comes back and exits. With BROKER_CA set it speaks wss:// and checks the server certificate against that CA.
import os
import sys

import paho.mqtt.client as mqtt

HOST = os.environ["BROKER_HOST"]
PORT = int(os.environ["BROKER_PORT"])
CA = os.environ.get("BROKER_CA")
VERSION = mqtt.MQTTv5 if os.environ.get("MQTT_VERSION") == "5" else mqtt.MQTTv311
TOPIC = "ws/python"
PAYLOAD = "ws-" + "x" * 100000


def on_connect(client, userdata, flags, rc, properties=None):
    print("connected", rc == 0)
    client.subscribe(TOPIC, qos=1)


def on_subscribe(client, userdata, mid, granted, properties=None):
    client.publish(TOPIC, PAYLOAD, qos=1)


def on_message(client, userdata, message):
    payload = message.payload.decode("utf-8")
    print("message", message.topic, len(payload), payload == PAYLOAD)
    client.disconnect()


client = mqtt.Client(client_id="py-ws", transport="websockets", protocol=VERSION)
client.ws_set_options(path="/mqtt")
if CA:
    client.tls_set(ca_certs=CA)
client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect(HOST, PORT, keepalive=30)
client.loop_forever(timeout=1.0)
sys.exit(0)
