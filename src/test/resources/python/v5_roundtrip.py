# An MQTT 5 round trip with Python paho-mqtt 1.6 (Debian's python3-paho-mqtt): one client subscribes with
# subscription options and publishes to itself with properties; it prints what comes back, then exits.
import os
import sys

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

HOST = os.environ["BROKER_HOST"]
PORT = int(os.environ["BROKER_PORT"])
TOPIC = "py5/" + os.environ.get("TOPIC_SUFFIX", "t")


def on_connect(client, userdata, flags, reason_code, properties):
    print("connected", reason_code, "session present", flags["session present"])
    client.subscribe(TOPIC, options=SubscribeOptions(qos=1, noLocal=False, retainAsPublished=True))


def on_subscribe(client, userdata, mid, reason_codes, properties):
    print("granted", [str(rc) for rc in reason_codes])
    props = Properties(PacketTypes.PUBLISH)
    props.UserProperty = [("sensor", "bme280"), ("場所", "東京")]
    props.ContentType = "application/json"
    props.ResponseTopic = "py5/reply"
    props.CorrelationData = b"\x00\x01corr"
    props.MessageExpiryInterval = 60
    client.publish(TOPIC, '{"temperature": 26.7}', qos=1, retain=True, properties=props)


def on_message(client, userdata, message):
    p = message.properties
    print("message", message.topic, message.payload.decode("utf-8"), "qos", message.qos, "retain", message.retain)
    print("user", p.UserProperty)
    print("content", p.ContentType, "response", p.ResponseTopic, "correlation", p.CorrelationData)
    print("expiry within 60", 0 < p.MessageExpiryInterval <= 60)
    clear = Properties(PacketTypes.PUBLISH)
    client.publish(TOPIC, b"", qos=1, retain=True, properties=clear)  # clear the retained message
    client.disconnect()


client = mqtt.Client(client_id="py5-" + os.environ.get("TOPIC_SUFFIX", "t"), protocol=mqtt.MQTTv5)
client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect(HOST, PORT, 60)
client.loop_forever()
sys.exit(0)
