#coding: utf-8
# [test] From /work/shared/seeds/004_b28fb75b4ab6e1bb.txt lines 85-125 (mqtt_publish01.py).

import os  # [test] broker address from the environment

#PahoのMQTTライブラリを使用する
import paho.mqtt.client as mqtt

import time #時間を取扱う

MQTT_HOST = os.environ['BROKER_HOST']  # [test] was 'localhost'
MQTT_PORT = int(os.environ['BROKER_PORT'])  # [test] was 1883
MQTT_TOPIC = 'tochigi/iot999/message'

#サーバからCONNACK応答を受信したときに実行されるコールバック
def on_connect(client, userdata, flags, rc):
    print("Connected with result code " + str(rc))

    #どのtopicにsubscribeするかを決定
    #再接続のときも、自動的にon_connectが実行される
    mqttClient.subscribe(MQTT_TOPIC, qos=0)

mqttClient = mqtt.Client()
mqttClient.on_connect = on_connect

#MQTTブローカーに接続する
#ユーザ認証は使用しない
mqttClient.connect(MQTT_HOST, MQTT_PORT, 120)

#PUBLISHERを開始
mqttClient.loop_start()

#１秒やすみ
time.sleep(0.1)  # [test] was time.sleep(1)

print("Destination Host: ", MQTT_HOST)
print("TOPIC: ", MQTT_TOPIC)

while True:
    #キーボードからメッセージを入力
    try:
        message = input('message: ')
    except EOFError:  # [test] stdin is a file here: stop at its end and flush what was published
        break
    
    #メッセージを PUBLISH する
    mqttClient.publish(MQTT_TOPIC, message)

mqttClient.disconnect()  # [test]
mqttClient.loop_stop()  # [test]
