# [test] The one pytz call the tutorials make, timezone(name), on the standard library's zoneinfo.
from zoneinfo import ZoneInfo

def timezone(name):
    return ZoneInfo(name)
