# pc/paho-mqtt-subsriber.py
# [test] From /work/shared/seeds/003_bc587eef7685db09.txt lines 429-452.
import os  # [test] broker address and message count from the environment
import paho.mqtt.client as mqtt

MESSAGE_COUNT = int(os.environ.get('MESSAGE_COUNT', '1'))  # [test]
received = 0  # [test]

def on_message(client, userdata, msg):
    '''处理message回调'''
    global received  # [test]
    print('topic: {}'.format(msg.topic))
    print('message: {}'.format(str(msg.payload)))
    received += 1  # [test] stop after MESSAGE_COUNT messages
    if received >= MESSAGE_COUNT:
        client.disconnect()

# 建立一个MQTT的客户端
client = mqtt.Client()
# 绑定数据接收回调函数
client.on_message = on_message

HOST_IP = os.environ['BROKER_HOST'] # Server的IP地址  [test] was 'localhost'
HOST_PORT = int(os.environ['BROKER_PORT']) # mosquitto 默认打开端口  [test] was 1883
TOPIC_ID = 'pyespcar_basic_control' # TOPIC的ID

# 连接MQTT服务器
client.connect(HOST_IP, HOST_PORT, 60)
# 订阅主题
client.subscribe(TOPIC_ID)

# 阻塞式， 循环往复，一直处理网络数据，断开重连
client.loop_forever()
