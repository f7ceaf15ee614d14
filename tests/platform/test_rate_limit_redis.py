"""With REDIS_URL set, login throttling is shared through Redis (several workers, one limit)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import redis

SCRIPT = """
import os, sys
os.environ["PMO_ENV"] = "testing"
from lms import create_app
from lms.extensions import db
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_STORAGE_URI": sys.argv[1],
                  "RATELIMIT_KEY_PREFIX": sys.argv[2]})
with app.app_context():
    db.create_all()
client = app.test_client()
codes = [client.post("/login", data={"email": "a@b.example", "password": "wrong-password"}).status_code
         for _ in range(int(sys.argv[3]))]
print(" ".join(map(str, codes)))
"""


def _worker(url: str, prefix: str, attempts: int) -> list[int]:
    env = {**os.environ, "PMO_INSTANCE_PATH": os.environ.get("PMO_INSTANCE_PATH", "/tmp")}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, url, prefix, str(attempts)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(code) for code in out.stdout.split()]


def test_two_workers_share_one_limit_through_redis():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    redis.Redis.from_url(url).ping()  # Redis must be running (.ci/run starts it)
    prefix = f"pmo-test-{uuid.uuid4().hex}"
    first = _worker(url, prefix, 3)
    second = _worker(url, prefix, 3)  # another process: only Redis knows about the first three
    assert first == [401, 401, 401]
    assert second == [401, 401, 429]
