# [test] Stand-in for the tutorial's MariaDB helper (seed 004, not included in the tutorial): the row is printed
# instead of inserted, and one row is reported as affected, as the tutorial's output shows.
def connect():
    pass

def insert_row(row):
    print('INSERT Ambient', row['identifier'], row['timestamp'].isoformat(), row['temperature'], row['humidity'],
          row['pressure'])
    return 1
