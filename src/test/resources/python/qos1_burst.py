# Publishes COUNT QoS 1 messages "NAME:i" to TOPIC as fast as paho's window allows, then waits for every PUBACK.
import os
import sys
import paho.mqtt.client as mqtt

host, port = os.environ["BROKER_HOST"], int(os.environ["BROKER_PORT"])
name, topic, count = os.environ["NAME"], os.environ["TOPIC"], int(os.environ["COUNT"])

client = mqtt.Client(client_id=name, clean_session=True)
client.max_inflight_messages_set(20)
client.max_queued_messages_set(0)
client.connect(host, port, 60)
client.loop_start()
infos = [client.publish(topic, "%s:%d" % (name, i), qos=1) for i in range(count)]
for info in infos:
    info.wait_for_publish()
client.disconnect()
client.loop_stop()
print("published", count)
