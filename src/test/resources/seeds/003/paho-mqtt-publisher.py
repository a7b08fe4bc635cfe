# pc/paho-mqtt-publisher.py
# [test] From /work/shared/seeds/003_bc587eef7685db09.txt lines 458-481.
import os  # [test] broker address and message count from the environment
import paho.mqtt.client as mqtt
import time

HOST_IP = os.environ['BROKER_HOST'] # Server的IP地址  [test] was 'localhost'
HOST_PORT = int(os.environ['BROKER_PORT']) # mosquitto 默认打开端口  [test] was 1883
TOPIC_ID = 'pyespcar_basic_control' # TOPIC的ID

# 创建一个客户端
client = mqtt.Client()
# 连接到服务器（本机）
client.connect(HOST_IP, HOST_PORT, 60)

count = 0
while count < int(os.environ.get('MESSAGE_COUNT', '3')):  # [test] was: while True
    count += 1
    # 待发送的数据
    message = 'This is a test message of paho clinet from publisher,{}'.format(count)   
    # 通过mqtt协议发布数据给server
    client.publish(TOPIC_ID, message)
    # 打印日志
    print('SEND: {}'.format(message))
    # 延时1s
    time.sleep(0.05)  # [test] was time.sleep(1)
client.disconnect()  # [test] the loop now ends, so say goodbye
