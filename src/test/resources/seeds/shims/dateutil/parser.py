# [test] The one dateutil call the tutorials make, parser.parse(iso_timestamp), on the standard library.
from datetime import datetime

def parse(text):
    return datetime.fromisoformat(text)
