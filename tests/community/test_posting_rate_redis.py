"""With Redis configured, the forum's posting limit is one count across workers."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import redis

SCRIPT = """
import os, sys
from types import SimpleNamespace
os.environ["PMO_ENV"] = "testing"
from lms import create_app
from community.forum import throttle
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_STORAGE_URI": sys.argv[1],
                  "RATELIMIT_KEY_PREFIX": sys.argv[2], "RATELIMIT_ENABLED": True,
                  "FORUM_POSTS_PER_MINUTE": 3})
with app.test_request_context():
    person = SimpleNamespace(id=7)
    print(" ".join(str(throttle._counted(person)) for _ in range(2)))
"""


def _worker(url: str, prefix: str) -> list[str]:
    env = {**os.environ, "PMO_INSTANCE_PATH": os.environ.get("PMO_INSTANCE_PATH", "/tmp")}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, url, prefix], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_two_workers_share_one_posting_count_through_redis():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    redis.Redis.from_url(url).ping()  # Redis must be running (.ci/run starts it)
    prefix = f"pmo-test-{uuid.uuid4().hex}"
    assert _worker(url, prefix) == ["True", "True"]
    assert _worker(url, prefix) == ["True", "False"]  # the fourth post in the minute
