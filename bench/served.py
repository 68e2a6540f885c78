"""Serving an app with gunicorn and loading it with wrk, the same way for the site and the anchor.

Both are served by gunicorn with two sync workers and no access log, on a free loopback port;
wrk runs `-t2 -c32 -d10s` against them (Debian's wrk). Nothing here reaches beyond 127.0.0.1.
"""

import json
import os
import shutil
import socket
import subprocess  # nosec B404 - our own gunicorn and Debian's wrk, fixed arguments
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WRK_ARGS = ["-t2", "-c32", "-d10s"]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def ensure_wrk() -> str:
    """Debian's wrk, installed when missing (as root: the benchmark starts what it needs)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: apt-get install wrk (or run make bench as root, which installs it)")
    print("Installing wrk (Debian's package) ...", flush=True)
    apt = {"DEBIAN_FRONTEND": "noninteractive", **os.environ}
    if subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt, capture_output=True).returncode:  # noqa: S607  # nosec
        subprocess.run(["apt-get", "update", "-qq"], env=apt, check=True, capture_output=True)  # noqa: S607  # nosec
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt, check=True, capture_output=True)  # noqa: S607  # nosec
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


class Served:
    """gunicorn serving `app` (a WSGI path) with `env`, two sync workers, until stopped."""

    def __init__(self, app: str, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="welltopia-bench-gunicorn-", suffix=".log", delete=False
        )
        argv = [
            GUNICORN,
            app,
            "--workers", str(workers),
            "--worker-class", "sync",
            "--bind", f"{HOST}:{self.port}",
            "--log-level", "warning",
            "--chdir", str(ROOT),
        ]  # fmt: skip
        self.process = subprocess.Popen(argv, env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603  # nosec B603
        self._wait()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2)  # noqa: S310  # nosec B310 - loopback
                return
            except urllib.error.HTTPError:
                return  # it answers (the anchor has no /healthz)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        os.unlink(self.log.name)

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors, non-2xx/3xx answers, and answers other than the expected status
    unexpected: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# wrk's Lua: paths in turn, a fresh token in each POST body, done() prints the summary as JSON.
_LUA = r"""
local threads = {}
local expected = tonumber(os.getenv("BENCH_EXPECT") or "0")
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^ ]+") do table.insert(paths, p) end
local headers = {}
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  headers[name] = value
end
local method = os.getenv("BENCH_METHOD") or "GET"
local body_template = os.getenv("BENCH_BODY") or ""

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  counter = 0
  prefix = os.getenv("BENCH_RUN") or "00000000"
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if method == "GET" then
    return wrk.format("GET", path, headers)
  end
  -- A fresh one-time token per submission: run prefix, thread id, counter. And each from its
  -- own address, as the proxy reports it (a documentation prefix: a string, never contacted),
  -- so the per-address rate limit counts a person's requests, not the whole benchmark's.
  local token = string.format("%s-%04x-4000-8000-%012x", prefix, id, counter)
  local body = string.gsub(body_template, "__TOKEN__", token)
  headers["X-Forwarded-For"] = string.format("2001:db8::%x:%x", id, counter)
  return wrk.format(method, path, headers, body)
end

-- Only when one status is expected (a submission must answer 302): reading every response in
-- Lua costs wrk time, so the page runs count what wrk counts itself (non-2xx/3xx, socket errors).
if expected > 0 then
  function response(status, headers, body)
    if status ~= expected then unexpected = unexpected + 1 end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"socket_errors": %d, "unexpected": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status, bad))
end
"""


def wrk(
    wrk_path: str,
    base_url: str,
    paths: list[str],
    *,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: str = "",
    expect: int = 0,
    run_id: str = "00000000",
) -> Load:
    """One wrk run (-t2 -c32 -d10s) over `paths` in turn. With `expect`, any other status is an error."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA)
    env = {
        **os.environ,
        "BENCH_PATHS": " ".join(paths),
        "BENCH_HEADERS": "\n".join(f"{name}: {value}" for name, value in (headers or {}).items()),
        "BENCH_METHOD": method,
        "BENCH_BODY": body,
        "BENCH_EXPECT": str(expect),
        "BENCH_RUN": run_id,
    }
    try:
        result = subprocess.run(  # noqa: S603  # nosec B603 - Debian's wrk, loopback only
            [wrk_path, *WRK_ARGS, "-s", script.name, base_url + paths[0]],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["socket_errors"] + data["unexpected"],
        unexpected=data["unexpected"],
    )
