"""100 people enrol in a 30-seat class at the same moment, over real HTTP, against gunicorn with
several worker processes and threads (as production runs it), CSRF on; then the first ten
enrolled withdraw at once. Exactly 30 seats are taken and 70 wait in positions 1-70; the ten
withdrawals move exactly the first ten waiting in, and the rest move up without a gap. No
request answers 500, on PostgreSQL (TEST_DATABASE_URL) and on the embedded SQLite alike."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from lms import create_app
from lms.accounts.models import User, UserRole
from lms.accounts.services import hash_password
from lms.clock import utcnow
from lms.extensions import db
from lms.training.models import ClassSession, ClassState, Course, Enrolment, TrainingClass
from tests import databases
from tests.factories import PASSWORD

LEARNERS, SEATS, LEAVERS = 100, 30, 10
WORKERS, THREADS = 4, 4
ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
POSITION = re.compile(r"You are number (\d+) on the waitlist")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A database with 100 learners and an open 30-seat class, and gunicorn serving it."""
    tmp = tmp_path_factory.mktemp("enrol_http")
    url = databases.fresh_database("enrol_http", tmp)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PMO_ENV": "development",
        "SECRET_KEY": "enrolment-test-" + "x" * 40,
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "PMO_INSTANCE_PATH": str(tmp / "instance"),
    }
    class_id = _seed(url)
    port = _free_port()
    log = tmp / "gunicorn.log"
    args = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--threads", str(THREADS)]
    args += ["--bind", f"127.0.0.1:{port}", "--timeout", "120", "lms:create_app()"]
    with log.open("w") as out:
        server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(port, server, log)
        yield {"base": f"http://127.0.0.1:{port}", "class_id": class_id, "url": url}
    finally:
        server.terminate()
        server.wait(timeout=60)
    output = log.read_text()
    assert "Traceback" not in output, output


def _seed(url: str) -> int:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        password = hash_password(PASSWORD)
        db.session.add_all(
            User(
                email=f"learner{n:03d}@http.test",
                name=f"Learner {n:03d}",
                password_hash=password,
                role_rows=[UserRole(role="pm")],
            )
            for n in range(LEARNERS)
        )
        course = Course(idnumber="HTTP", names={"en": "Seats over HTTP"}, duration_hours=4)
        starts = utcnow() + timedelta(days=30)
        training_class = TrainingClass(
            course=course,
            capacity=SEATS,
            state=ClassState.OPEN,
            online_url="https://meet.example/http",
            sessions=[ClassSession(starts_at=starts, ends_at=starts + timedelta(hours=4))],
        )
        db.session.add(training_class)
        db.session.commit()
        class_id = training_class.id
        db.session.remove()
        db.engine.dispose()
    return class_id


def _wait_until_serving(port: int, server, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")


class Browser:
    """One learner's session: cookies kept, redirects not followed, CSRF tokens read from pages."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))[0]

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode(errors="replace")

    def token(self, path: str) -> str:
        status, page = self.get(path)
        assert status == 200, (path, status)
        found = CSRF.search(page)
        return found.group(1) or found.group(2)

    def log_in(self, email: str) -> None:
        data = {"email": email, "password": PASSWORD, "csrf_token": self.token("/login")}
        assert self.post("/login", data) == 302, email


def _at_once(work, items) -> list[int]:
    """Run work(item) for every item in its own thread, released together; their statuses."""
    barrier, statuses, lock = threading.Barrier(len(items)), [], threading.Lock()

    def run(item) -> None:
        barrier.wait()
        status = work(item)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(statuses) == len(items), "a request never came back"
    return statuses


def _states(url: str, class_id: int) -> dict[str, list[int]]:
    """learner number -> state, and the waitlist in its order (learner numbers)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT u.email, e.state FROM enrolments e JOIN users u ON u.id = e.user_id "
                "WHERE e.class_id = :class_id ORDER BY e.queued_at, e.id"
            ),
            {"class_id": class_id},
        ).all()
    engine.dispose()
    number = lambda email: int(email[7:10])  # noqa: E731  learner042@http.test -> 42
    states: dict[str, list[int]] = {}
    for email, state in rows:
        states.setdefault(state, []).append(number(email))
    return states


def test_concurrent_sign_ups_and_withdrawals_over_http(site):
    base, class_id = site["base"], site["class_id"]
    page = f"/classes/{class_id}"
    browsers = {}
    for n in range(LEARNERS):  # sessions first: what is contested is the class, not the log-in
        browsers[n] = Browser(base)
        browsers[n].log_in(f"learner{n:03d}@http.test")
    tokens = {n: browser.token(page) for n, browser in browsers.items()}

    statuses = _at_once(
        lambda n: browsers[n].post(f"{page}/enrol", {"csrf_token": tokens[n]}), list(browsers)
    )
    assert statuses == [302] * LEARNERS, sorted(set(statuses))
    states = _states(site["url"], class_id)
    assert len(states["enrolled"]) == SEATS and len(states["waitlisted"]) == LEARNERS - SEATS
    waiting = states["waitlisted"]
    seen = {n: POSITION.search(browsers[n].get(page)[1]) for n in waiting}
    positions = [int(found.group(1)) for found in seen.values()]
    assert sorted(positions) == list(range(1, LEARNERS - SEATS + 1)), "no gap, no repeat"
    assert [int(seen[n].group(1)) for n in waiting] == list(range(1, len(waiting) + 1))

    leavers = states["enrolled"][:LEAVERS]
    enrolments = _enrolment_ids(site["url"], class_id, leavers)
    statuses = _at_once(
        lambda n: browsers[n].post(
            f"/enrolments/{enrolments[n]}/withdraw", {"csrf_token": tokens[n]}
        ),
        leavers,
    )
    assert statuses == [302] * LEAVERS, sorted(set(statuses))
    after = _states(site["url"], class_id)
    assert sorted(after["withdrawn"]) == sorted(leavers)
    assert len(after["enrolled"]) == SEATS, "every freed seat taken, none twice"
    assert set(waiting[:LEAVERS]) <= set(after["enrolled"]), "exactly the first ten moved in"
    assert after["waitlisted"] == waiting[LEAVERS:]
    moved_up = [int(POSITION.search(browsers[n].get(page)[1]).group(1)) for n in waiting[LEAVERS:]]
    assert moved_up == list(range(1, LEARNERS - SEATS - LEAVERS + 1))


def _enrolment_ids(url: str, class_id: int, numbers: list[int]) -> dict[int, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(User.email, Enrolment.id)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.class_id == class_id)
        ).all()
    engine.dispose()
    ids = {int(email[7:10]): enrolment_id for email, enrolment_id in rows}
    return {n: ids[n] for n in numbers}
