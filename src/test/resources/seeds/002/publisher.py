# [test] From /work/shared/seeds/002_746d74e63fd97268.txt lines 146-166 (publisher.py). The tutorial lost its
# indentation when pasted; it is restored here.
import os  # [test] broker address from the environment
from time import sleep
import paho.mqtt.client as mqtt
HOST = os.environ['BROKER_HOST']  # [test] was '127.0.0.1'
PORT = int(os.environ['BROKER_PORT'])  # [test] was 1883
KEEP_ALIVE = 60
TOPIC = 'test_topic/test1'
MESSAGE = 'test message'
PUBLISH_NUMBER = 5
SLEEP_TIME = 0.05  # [test] was 5 (seconds between messages)
def publish_many_times(client, topic='topic/default', message='default', number=1, time=1, print_flag=False):
    for i in range(number):
        client.publish(topic, message)
        if print_flag == True:
            print (topic + ' ' + message)
        sleep(time)
    client.disconnect()
if __name__ == '__main__':
    client = mqtt.Client(protocol=mqtt.MQTTv311)
    print("publish start " + str(type(client)))  # [test] was Python 2: print "publish start " + ...
    client.connect(HOST, port=PORT, keepalive=KEEP_ALIVE)
    publish_many_times(client,TOPIC, MESSAGE, PUBLISH_NUMBER, SLEEP_TIME)
