# [test] Stand-in for the tutorial's BME280 sensor module (seed 004, not included in the tutorial): the same
# init/read_data/get_data calls, returning the tutorial's first reading (seed 004 line 253) every time.
_data = {}

def init():
    pass

def read_data():
    _data.update({'temperature': 26.72680231416598, 'humidity': 57.53434981211512, 'pressure': 997.8079720341007})

def get_data():
    return dict(_data)
