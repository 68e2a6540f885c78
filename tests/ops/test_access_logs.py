"""No patient data in gunicorn's logs: a real gunicorn with deploy/gunicorn.conf.py, every line it writes read.

A staff member signs in over HTTP, searches the queue for a patient by name, opens her request from
the results (the search rides along in `_changelist_filters` and in the Referer), and a patient
opens her status page. Then the server stops and every line it wrote is read: the access log
(stdout) and the error log with the site's own logging (stderr).
"""

import datetime
import os
import re
import socket
import sys
import urllib.parse

import pytest

from tests.ops.support import GUNICORN_CONFIG, Browser, app_env, gunicorn, manage, run, seed
from welltopia.gunicorn_logging import PrivateLogger, private_text

CHANGELIST = "/admin/intake/consultationrequest/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Run the whole visit once; return what was seen and every log line written."""
    directory = tmp_path_factory.mktemp("access-logs")
    env = app_env(f"sqlite:///{directory / 'db.sqlite3'}", EMAIL_DELIVERY="worker")
    manage("migrate", "--no-input", env=env)
    staff = seed("staff", env)
    patient = seed("another", env)
    search = patient["last_name"]

    with gunicorn(env, directory) as server:
        browser = Browser(server.url)
        login = browser.open("/admin/login/?next=/admin/")
        index = browser.open(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": browser.csrf_token(login),
                "username": staff["username"],
                "password": staff["password"],
                "otp_device": staff["device"],
                "otp_token": current_code(staff["key"]),
            },
        )
        results = browser.open(f"{CHANGELIST}?{urllib.parse.urlencode({'q': search})}")
        link = re.search(rf'href="({CHANGELIST}\d+/change/\?[^"]+)"', results.text)
        assert link, "the search found no request"
        change_page = browser.open(
            link.group(1).replace("&amp;", "&"), headers={"Referer": f"{server.url}{CHANGELIST}?q={search}"}
        )
        not_found = browser.open(f"/admin/intake/no-such-page/?q={search}")
        status_page = Browser(server.url).open(f"/consultation/status/{patient['status_token']}/")
        malformed = _raw_request(server.url, f"GET {CHANGELIST}?q={search}\x7f HTTP/1.1")

    return {
        "patient": patient,
        "staff": staff,
        "pages": {
            "index": (index.status, index.url),
            "results": (results.status, patient["reference"] in results.text),
            "change": (change_page.status, patient["reference"] in change_page.text),
            "not_found": not_found.status,
            "status": (status_page.status, patient["reference"] in status_page.text),
            "malformed": malformed,
        },
        "lines": server.log_lines(),
    }


def current_code(key: str) -> str:
    """The authenticator app's code now, by the server's clock (a TEST_CLOCK run moves only this process's)."""
    script = f"from django_otp.oath import totp; print(f'{{totp(bytes.fromhex({key!r})):06d}}')"
    return run(
        [sys.executable, "-c", script], {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    ).stdout.strip()


def _raw_request(url: str, request_line: str) -> str:
    """Send a request line gunicorn cannot parse, which its error log then reports."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"{request_line}\r\nHost: {host}\r\n\r\n".encode())
        return connection.recv(200).decode().split("\r\n")[0]


def test_the_visit_happened_as_a_person_would_see_it(served: dict[str, object]) -> None:
    """Otherwise an empty log would prove nothing."""
    pages = served["pages"]
    assert pages["index"][0] == 200
    assert pages["index"][1].endswith("/admin/")  # signed in: the login page sent her on
    assert pages["results"] == (200, True)
    assert pages["change"] == (200, True)
    assert pages["not_found"] == 404
    assert pages["status"] == (200, True)
    assert pages["malformed"].startswith("HTTP/1.1 400")


def test_the_access_log_names_each_request_by_its_path_alone(served: dict[str, object]) -> None:
    access = [line for line in served["lines"] if '" ' in line and "HTTP/1.1" in line]
    requests = [re.search(r'"(\w+ \S+ HTTP/1\.1)" (\d{3})', line).groups() for line in access]

    assert (f"GET {CHANGELIST} HTTP/1.1", "200") in requests
    assert ("POST /admin/login/ HTTP/1.1", "302") in requests
    assert ("GET /admin/intake/no-such-page/ HTTP/1.1", "404") in requests
    assert ("GET /consultation/status/…/ HTTP/1.1", "200") in requests
    assert not [line for line in access if "?" in line]


def test_a_staff_search_for_a_patient_reaches_no_log_line(served: dict[str, object]) -> None:
    patient = served["patient"]
    markers = [patient["first_name"], patient["last_name"], patient["email"]]

    assert served["lines"]
    assert [line for line in served["lines"] if any(m.lower() in line.lower() for m in markers)] == []


def test_neither_the_status_token_nor_the_staff_password_reaches_a_log_line(
    served: dict[str, object],
) -> None:
    token, password = served["patient"]["status_token"], served["staff"]["password"]
    signature = token.rsplit(":", 1)[-1]

    assert [line for line in served["lines"] if signature in line or password in line] == []


def test_a_request_line_gunicorn_refuses_is_logged_without_its_query(served: dict[str, object]) -> None:
    refused = [line for line in served["lines"] if "Invalid request from ip=" in line]

    assert refused, "gunicorn logged nothing about the malformed request"
    assert f"Invalid HTTP request line: 'GET {CHANGELIST} HTTP/1.1'" in refused[0]


# --------------------------------------------------------------------------- whatever format an operator picks


class _Config:
    access_log_format = '%(r)s %(U)s %(q)s "%(f)s" %({cookie}i)s %({x-request-id}i)s %({query_string}e)s'
    errorlog = "-"
    accesslog = "-"
    loglevel = "info"
    syslog = False
    logconfig = logconfig_dict = logconfig_json = None
    disable_redirect_access_to_syslog = False
    capture_output = False
    user = group = None
    umask = 0


class _Response:
    status = "200 OK"
    sent = 10
    headers = ()


def test_gunicorns_default_format_would_not_write_the_query_either() -> None:
    """An operator who puts back %(r)s, the Referer or a header still gets the path alone."""
    logger = PrivateLogger.__new__(PrivateLogger)
    logger.cfg = _Config()
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/admin/intake/consultationrequest/?q=Marchbank",
        "PATH_INFO": "/admin/intake/consultationrequest/",
        "QUERY_STRING": "q=Marchbank",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://clinic.example/admin/intake/consultationrequest/?q=Marchbank",
        "HTTP_COOKIE": "sessionid=abc",
    }
    headers = [("COOKIE", "sessionid=abc"), ("X-REQUEST-ID", "r-1"), ("REFERER", environ["HTTP_REFERER"])]
    request = type("Request", (), {"headers": headers})()

    atoms = logger.atoms(_Response(), request, environ, datetime.timedelta(milliseconds=12))
    line = _Config.access_log_format % logger.atoms_wrapper_class(atoms)

    assert line == (
        "GET /admin/intake/consultationrequest/ HTTP/1.1 /admin/intake/consultationrequest/  "
        '"https://clinic.example/admin/intake/consultationrequest/" - r-1 -'
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Error handling request GET /admin/x/?q=Marchbank", "Error handling request GET /admin/x/"),
        ("GET /consultation/status/WT-7K3F-9QX2:abc123/withdraw/", "GET /consultation/status/…/withdraw/"),
        ("'GET /a?q=x&y=z HTTP/1.1'", "'GET /a HTTP/1.1'"),
        ("Booting worker with pid: 12", "Booting worker with pid: 12"),
    ],
)
def test_private_text_keeps_the_path_and_drops_what_identifies_a_patient(text: str, written: str) -> None:
    assert private_text(text) == written


def test_the_config_file_uses_the_private_logger_and_a_format_without_the_query() -> None:
    config: dict[str, object] = {}
    exec(GUNICORN_CONFIG.read_text(encoding="utf-8"), config)  # noqa: S102 - our own file

    assert config["logger_class"] == "welltopia.gunicorn_logging.PrivateLogger"
    assert "%(r)s" not in config["access_log_format"]
    assert "%(q)s" not in config["access_log_format"]
    assert "%(f)s" not in config["access_log_format"]
