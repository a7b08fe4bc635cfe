# [test] From /work/shared/seeds/001_45e2304b4d9db197.txt lines 269-305 (sub.py).
import os  # [test] broker address and message count from the environment
import paho.mqtt.client as mqtt

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
    print(str(msg.payload.decode("utf-8")))
    received += 1  # [test] stop after MESSAGE_COUNT messages
    if received >= MESSAGE_COUNT:
        client.disconnect()


# 새로운 클라이언트 생성
client = mqtt.Client()
# 콜백 함수 설정 on_connect(브로커에 접속), on_disconnect(브로커에 접속중료), on_subscribe(topic 구독),
# on_message(발행된 메세지가 들어왔을 때)
client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_subscribe = on_subscribe
client.on_message = on_message
# 로컬 아닌, 원격 mqtt broker에 연결
# address : broker.hivemq.com
# port: 1883 에 연결
# [test] was: client.connect('broker.hivemq.com', 1883)
client.connect(os.environ['BROKER_HOST'], int(os.environ['BROKER_PORT']))
# test/hello 라는 topic 구독
client.subscribe('test/hello', 1)
client.loop_forever()
