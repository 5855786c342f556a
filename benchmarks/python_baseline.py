"""The hand-written baseline: random + sqlite3 executemany, the same 6-column table."""
import os, random, sqlite3, sys, tempfile, time
from datetime import datetime, timedelta

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
path = os.path.join(tempfile.mkdtemp(), "python.db")
start = time.perf_counter()
db = sqlite3.connect(path)
db.execute("CREATE TABLE events (event_id INTEGER PRIMARY KEY, account_id INTEGER, created_at TEXT, status TEXT, amount REAL, source TEXT)")
base = datetime(2024, 6, 30)
def make():
    for i in range(1, rows + 1):
        yield (i, random.randint(1, 1000), (base + timedelta(seconds=random.randint(0, 31_536_000))).strftime("%Y-%m-%d %H:%M:%S"),
               random.choices(("ok", "failed", "pending"), (80, 15, 5))[0], round(random.uniform(1, 500), 2), "web")
db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", make())
db.commit()
db.close()
print(f"{rows / (time.perf_counter() - start):.0f}")
