# [test] From /work/shared/seeds/001_45e2304b4d9db197.txt lines 438-469 (pub.py of the InfluxDB section).
import os  # [test] broker address from the environment
import paho.mqtt.client as mqtt
import json

def on_connect(client, userdata, flags, rc):
    if rc == 0:
        print("completely connected")
    else:
        print("Bad connection Returned code=", rc)

def on_disconnect(client, userdata, flags, rc=0):
    print(str(rc))


def on_publish(client, userdata, mid):
    print("In on_pub callback mid= ", mid)


client = mqtt.Client()
client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_publish = on_publish
client.connect(os.environ['BROKER_HOST'], int(os.environ['BROKER_PORT']))  # [test] was '192.168.56.11', 1883
client.loop_start()

#pub에서 json형식으로 보내야 sub에서 json으로 제대로 받는다.

dict1={'name':'zzerii'}
json_test=json.dumps(dict1)

# [test] The tutorial publishes to 'temp' while its subscriber listens on 'test', so the pair never meets;
# the topic defaults to the subscriber's.
client.publish(os.environ.get('TOPIC', 'test'), json_test, 1)
client.loop_stop()
client.disconnect()
