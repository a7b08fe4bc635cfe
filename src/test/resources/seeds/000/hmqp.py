# coding:utf-8 Copy Right Atelier Grenouille © 2015 -
#
# hmqp:
#
# A mqtt bridge of http for a limited purpose.
#
# refered http://tdoc.info/blog/2014/09/25/mqtt_python.html
#
# [test] From /work/shared/seeds/000_37000a23ad0a6458.txt lines 96-130 (hmqp.py lines 1-35).

import os  # [test] broker address and message count from the environment
import paho.mqtt.client as mqtt
import json
# [test] import requests: the POST below prints the JSON instead of sending it to a web server

# 定数
server_url_base = "http://localhost/" # Server 毎に変更が必用
url_data = server_url_base + 'postdata.php'

# [test] stop after this many messages so the script ends by itself
MESSAGE_COUNT = int(os.environ.get('MESSAGE_COUNT', '1'))
received = 0

# [test] paho-mqtt 1.x calls on_connect with four arguments; the tutorial's three-argument form
# (client, userdata, rc) raises TypeError inside loop_forever(), so the flags argument is added.
def on_connect(client, userdata, flags, rc):
    print("Connected with result code "+str(rc))
    client.subscribe("gal/gal4/#")

def on_message(client, userdata, msg):
    global received
    print(msg.topic+" "+str(msg.payload))
    payload = json.loads(msg.payload)
    # [test] was: r = requests.post(url_data, data=payload, timeout=10, verify=False)
    print("POST " + url_data + " " + json.dumps(payload, ensure_ascii=False))
    received += 1
    if received >= MESSAGE_COUNT:
        client.disconnect()


if __name__ == '__main__':

    client = mqtt.Client(client_id="ueda-spam", clean_session=True, protocol=mqtt.MQTTv311)
    client.on_connect = on_connect
    client.on_message = on_message

    client.connect(os.environ.get('BROKER_HOST', '127.0.0.1'), int(os.environ.get('BROKER_PORT', '1883')), 60)  # [test]

    client.loop_forever()
