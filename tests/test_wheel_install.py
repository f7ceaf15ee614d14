"""The wheel is the whole site: built as from a clean clone, installed into a fresh virtualenv and
run from another folder, it migrates and seeds PostgreSQL and serves signed-in pages from every
gunicorn worker, as the README's production steps do."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms import resources
from tests import databases

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not databases.is_postgres(),
        reason="the installed site is proven on PostgreSQL (TEST_DATABASE_URL)",
    ),
]

ROOT = Path(__file__).resolve().parent.parent
HOST = "academy.example.com"
ADMIN_EMAIL, ADMIN_NAME, ADMIN_PASSWORD = "admin@example.com", "Wheel Admin", "wheel-admin-secret"
WORKERS = 3
# The site's own variables, and anything that could make the installed site read the checkout.
NOT_INHERITED = ("PMO_", "FLASK_", "PYTHON", "DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY")
NOT_INHERITED_EXACT = {"REDIS_URL", "VIRTUAL_ENV", "XDG_RUNTIME_DIR"}


@cache
def source_files() -> tuple[Path, ...]:
    """What a clean clone holds: tracked and new files, none git ignores (no *.mo, no build/)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return tuple(Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file())


def outside_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(NOT_INHERITED) and key not in NOT_INHERITED_EXACT
    }
    return {**env, **extra}


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    if "input" not in kwargs:
        kwargs["stdin"] = subprocess.DEVNULL
    result = subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, timeout=600, **kwargs
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def wait_for(condition: Callable[[], bool], what: str, process=None, log: Path | None = None):
    """Poll with a deadline; a server that died meanwhile fails at once with its log."""
    deadline = time.monotonic() + 180
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"gunicorn exited while waiting for {what}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}" + (f":\n{log.read_text()}" if log else ""))
        time.sleep(0.1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    clone = tmp_path_factory.mktemp("clean-clone")
    for name in source_files():
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, clone / name)
    dist = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "wheel", "--no-deps", "--wheel-dir", dist, clone], env=outside_env())
    (built,) = dist.glob("*.whl")
    return built


def test_wheel_holds_every_file_the_site_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    bundle = resources.BUNDLED.relative_to(resources.CHECKOUT).as_posix()
    files = source_files()
    expected = {
        "templates": {f"{bundle}/{p.as_posix()}" for p in files if p.parts[0] == "templates"},
        "static assets": {f"{bundle}/{p.as_posix()}" for p in files if p.parts[0] == "static"},
        "migrations": {f"{bundle}/{p.as_posix()}" for p in files if p.parts[0] == "migrations"},
        "compiled catalogues": {
            p.with_suffix(".mo").as_posix()
            for p in files
            if p.match("lms/translations/*/LC_MESSAGES/*.po")
        },
        "framework files": {
            p.as_posix() for p in files if p.parts[0] == "competencies" and p.suffix == ".json"
        },
    }
    for piece in ("env.py", "alembic.ini", "script.py.mako"):
        assert f"{bundle}/migrations/{piece}" in expected["migrations"]
    assert any("/migrations/versions/" in name for name in expected["migrations"])
    assert f"{bundle}/templates/base.html" in expected["templates"]
    for kind, paths in expected.items():
        assert paths, f"no {kind} found in the checkout"
        missing = sorted(paths - names)
        assert not missing, f"the wheel lacks {len(missing)} {kind}: {missing[:10]}"


@pytest.fixture
def database(tmp_path) -> Iterator[str]:
    url = databases.fresh_database("wheel", tmp_path)
    yield url
    server = make_url(url)
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{server.database}" WITH (FORCE)'))
    admin.dispose()


def install(wheel: Path, venv: Path) -> Path:
    """A fresh virtualenv holding the wheel and its dependencies (installed by the test's pip)."""
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python"]
    run([*pip, venv / "bin" / "python", "install", "--no-compile", wheel], env=outside_env())
    return venv / "bin"


def test_installed_wheel_runs_the_site_from_another_folder(wheel, database, tmp_path):
    bin_dir = install(wheel, tmp_path / "venv")
    site = tmp_path / "elsewhere"
    site.mkdir()
    env = outside_env(
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        HOME=str(tmp_path),  # gunicorn puts its control socket under HOME
        PMO_ENV="production",
        DATABASE_URL=database,
        SECRET_KEY=secrets.token_hex(32),
        PMO_INSTANCE_PATH=str(tmp_path / "instance"),
    )
    where = "import lms.resources as r; print(r.site_root()); print(r.default_instance_folder())"
    located = run([bin_dir / "python", "-c", where], cwd=site, env=env).stdout.split()
    assert all(Path(path).is_relative_to(tmp_path / "venv") for path in located), located

    flask = [bin_dir / "flask", "--app", "lms"]
    run([*flask, "db", "upgrade"], cwd=site, env=env)
    assert "PMO-CORE" in run([*flask, "seed"], cwd=site, env=env).stdout
    created = run(
        [*flask, "create-admin", ADMIN_EMAIL, "--name", ADMIN_NAME],
        input=f"{ADMIN_PASSWORD}\n",
        cwd=site,
        env=env,
    )
    assert f"administrator {ADMIN_EMAIL} created" in created.stdout

    with gunicorn(bin_dir, site, env, tmp_path) as server:
        proxy = ReverseProxy(server.socket_path)
        check_anonymous_pages(proxy)
        log_in(proxy)
        home = proxy.get("/")
        assert home.status == 200 and ADMIN_NAME in home.body
        frameworks = proxy.get("/frameworks/")
        assert frameworks.status == 200 and "PMO-CORE" in frameworks.body
        check_every_worker_serves_the_session(proxy, server)


def check_anonymous_pages(proxy: ReverseProxy) -> None:
    plain = proxy.get("/login", https=False)
    assert plain.status == 302 and plain.headers["Location"].startswith("https://"), plain
    chinese = proxy.get("/login", headers={"Accept-Language": "zh-CN"})
    assert chinese.status == 200 and "登录" in chinese.body  # the compiled catalogue is loaded
    login_page = proxy.get("/login")
    assert login_page.status == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"?]+)', login_page.body)
    assert any(asset.endswith(".css") for asset in assets) and any(
        asset.endswith(".js") for asset in assets
    ), assets
    for asset in assets:
        assert proxy.get(asset).status == 200, asset


def log_in(proxy: ReverseProxy) -> None:
    page = proxy.get("/login")
    (session,) = [c for c in page.headers.get_all("Set-Cookie") if c.startswith("session=")]
    assert "Secure" in session and "HttpOnly" in session, session
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.body).group(1)
    form = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token}
    response = proxy.post("/login", form, referer=f"https://{HOST}/login")
    assert response.status == 302, response
    assert response.headers["Location"] in {"/", f"https://{HOST}/"}, response


def check_every_worker_serves_the_session(proxy: ReverseProxy, server: Server) -> None:
    """A sync worker holds one connection until its request is complete: with as many half-sent
    requests as workers, once gunicorn's accept queue is empty each worker holds one of them."""
    held = [proxy.send_all_but_last_line(f"/?worker={number}") for number in range(WORKERS)]
    wait_for(lambda: server.accept_queue() == 0, "every worker to take a request")
    responses = [proxy.finish(connection) for connection in held]
    assert [response.status for response in responses] == [200] * WORKERS
    assert all(ADMIN_NAME in response.body for response in responses)
    wait_for(lambda: len(server.workers_that_served("/?worker=")) == WORKERS, "the access log")


class Response:
    def __init__(self, raw: http.client.HTTPResponse):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read().decode("utf-8", "replace")

    def __repr__(self) -> str:
        return f"<{self.status} {dict(self.headers)} {self.body[:300]!r}>"


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: Path):
        super().__init__(HOST, timeout=120)
        self.socket_path = socket_path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.socket_path))


class ReverseProxy:
    """Speaks to gunicorn as nginx does for a browser: TLS ended, forwarded headers, cookies."""

    def __init__(self, socket_path: Path):
        self.socket_path = socket_path
        self.cookies: dict[str, str] = {}

    def get(self, path: str, *, https: bool = True, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=self.headers(https, headers))

    def post(self, path: str, form: dict, *, referer: str) -> Response:
        extra = {"Content-Type": "application/x-www-form-urlencoded", "Referer": referer}
        return self.request("POST", path, urlencode(form), self.headers(True, extra))

    def request(self, method: str, path: str, body=None, headers=None) -> Response:
        connection = UnixConnection(self.socket_path)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = Response(connection.getresponse())
        finally:
            connection.close()
        self.keep_cookies(response)
        return response

    def headers(self, https: bool, extra: dict | None) -> dict[str, str]:
        headers = {"Host": HOST, "X-Forwarded-For": "192.0.2.10", "X-Forwarded-Host": HOST}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {**headers, **(extra or {})}

    def keep_cookies(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def send_all_but_last_line(self, path: str) -> socket.socket:
        lines = [f"GET {path} HTTP/1.1", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in self.headers(True, None).items()]
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(120)
        connection.connect(str(self.socket_path))
        connection.sendall(("\r\n".join(lines) + "\r\n").encode())
        return connection

    def finish(self, connection: socket.socket) -> Response:
        try:
            connection.sendall(b"\r\n")
            raw = http.client.HTTPResponse(connection)
            raw.begin()
            return Response(raw)
        finally:
            connection.close()


class Server:
    def __init__(self, socket_path: Path, log: Path):
        self.socket_path = socket_path
        self.log = log

    def accept_queue(self) -> int:
        """Connections waiting for a worker (Recv-Q of the listening socket, from ss)."""
        if not shutil.which("ss"):
            pytest.fail("ss (Debian's iproute2) is needed to see gunicorn's accept queue")
        listing = run(["ss", "--unix", "--listening", "--numeric", "--no-header"]).stdout
        for line in listing.splitlines():
            fields = line.split()
            if str(self.socket_path) in fields:
                return int(fields[2])
        raise AssertionError(f"{self.socket_path} is not listening:\n{listing}")

    def workers_that_served(self, marker: str) -> set[str]:
        """Worker pids from the access log lines ("<pid> GET /path HTTP/1.1 200")."""
        lines = self.log.read_text().splitlines()
        return {line.split()[0] for line in lines if f" {marker}" in line}


@contextmanager
def gunicorn(bin_dir: Path, site: Path, env: dict, tmp_path: Path) -> Iterator[Server]:
    """gunicorn as the README starts it, on a private socket; its log must end clean."""
    server = Server(tmp_path / "gunicorn.sock", tmp_path / "gunicorn.log")
    args = [bin_dir / "gunicorn", "--workers", WORKERS, "--bind", f"unix:{server.socket_path}"]
    args += ["--access-logfile", "-", "--access-logformat", "%(p)s %(r)s %(s)s"]
    # A loaded CI machine boots workers slowly; a worker holding a half-sent request while the
    # others boot must not be taken for a hung one (the default timeout is 30 s).
    args += ["--timeout", "120", "lms:create_app()"]
    with server.log.open("w") as log:
        process = subprocess.Popen(
            [str(arg) for arg in args],
            cwd=site,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(server.socket_path.exists, "gunicorn's socket", process, server.log)
            yield server
            assert process.poll() is None, server.log.read_text()
        finally:
            process.terminate()
            process.wait(timeout=120)
    output = server.log.read_text()
    assert "Traceback" not in output and "[ERROR]" not in output, output
