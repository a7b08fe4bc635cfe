#!/usr/bin/env python3
# subscriber_influxdb.py
# [test] From /work/shared/seeds/001_45e2304b4d9db197.txt lines 376-427.
import os  # [test] broker address and message count from the environment
import paho.mqtt.client as mqtt
import datetime
import time
import json
# [test] from influxdb import InfluxDBClient: the write below prints the points instead

MESSAGE_COUNT = int(os.environ.get('MESSAGE_COUNT', '1'))  # [test]
received = 0  # [test]

def on_connect(client, userdata, flags, rc):
    if rc == 0:
        print("connected OK")
    else:
        print("Bad connection Returned code=", rc)


def on_disconnect(client, userdata, flags, rc=0):
    print(str(rc))


def on_subscribe(client, userdata, mid, granted_qos):
    print("subscribed: " + str(mid) + " " + str(granted_qos))

def on_message(client, userdata, msg):
    global received  # [test]
    # Use utc as timestamp
    receiveTime=datetime.datetime.utcnow()
    message=msg.payload.decode("utf-8")
    print(str(message))
    print(str(receiveTime) + ": " + msg.topic + " payload : " + str(message))
    msgDict = json.loads(message)

    json_body = [
        {
            "measurement": msg.topic,
            "time": receiveTime,
            "fields": msgDict
        }
    ]

    # [test] was: dbclient.write_points(json_body)
    print("write_points: " + json.dumps(json_body[0]["fields"]) + " measurement=" + json_body[0]["measurement"])
    received += 1  # [test] stop after MESSAGE_COUNT messages
    if received >= MESSAGE_COUNT:
        client.disconnect()

# Set up a client for InfluxDB
# [test] was: dbclient = InfluxDBClient('192.168.56.23', 8086, 'root', 'root', 'test_mqtt')


client = mqtt.Client()
client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect(os.environ['BROKER_HOST'], int(os.environ['BROKER_PORT']))  # [test] was '192.168.56.11', 1883
client.subscribe('test', 1)
client.loop_forever()
