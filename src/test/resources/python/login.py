"""Connects with USERNAME/PASSWORD (either may be absent) over MQTT PROTOCOL (4 or 5); prints the CONNACK code.
With SUBSCRIBE set, subscribes to it, publishes each topic of PUBLISH (';'-separated) at QoS 1, and prints every
message received until one arrives on END."""
import os
import sys
import paho.mqtt.client as mqtt

v5 = os.environ.get("PROTOCOL") == "5"
client = mqtt.Client(client_id=os.environ.get("CLIENT_ID", ""),
                     protocol=mqtt.MQTTv5 if v5 else mqtt.MQTTv311)
if "USERNAME" in os.environ:
    client.username_pw_set(os.environ["USERNAME"], os.environ.get("PASSWORD"))


def on_connect(c, userdata, flags, rc, properties=None):
    code = rc.value if v5 else rc
    print("connack", code, flush=True)
    if code != 0:
        c.disconnect()
        return
    if "SUBSCRIBE" in os.environ:
        c.subscribe(os.environ["SUBSCRIBE"], qos=1)
    else:
        c.disconnect()


def on_subscribe(c, userdata, mid, granted, properties=None):
    for topic in os.environ["PUBLISH"].split(";"):
        c.publish(topic, "from python", qos=1)


def on_message(c, userdata, msg):
    print("message", msg.topic, flush=True)
    if msg.topic == os.environ["END"]:
        c.disconnect()


client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect(os.environ["BROKER_HOST"], int(os.environ["BROKER_PORT"]), keepalive=30)
client.loop_forever()
sys.exit(0)
