"""Bytes on the wire for a first visit to a page: its HTML and every stylesheet and script it loads.

Asked for as Chromium asks (`Accept-Encoding: gzip, deflate, br, zstd`), counted as received:
status line, headers and the (compressed) body.
"""

import http.client
import urllib.parse
from dataclasses import dataclass

from tests.support.html import Element, page

BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


@dataclass
class Fetched:
    path: str
    status: int
    encoding: str
    body: bytes
    wire: int  # status line + headers + body, as sent


@dataclass
class PageBytes:
    path: str
    html: Fetched
    assets: list[Fetched]

    @property
    def total(self) -> int:
        return self.html.wire + sum(asset.wire for asset in self.assets)

    @property
    def css(self) -> int:
        return sum(asset.wire for asset in self.assets if asset.path.split("?")[0].endswith(".css"))

    @property
    def js(self) -> int:
        return sum(asset.wire for asset in self.assets if asset.path.split("?")[0].endswith(".js"))


class _Body:
    def __init__(self, content: bytes) -> None:
        self.content = content


def fetch(port: int, path: str, headers: dict[str, str]) -> Fetched:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": BROWSER_ENCODINGS, **headers})
        response = connection.getresponse()
        body = response.read()
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + sum(
            len(f"{name}: {value}\r\n") for name, value in response.getheaders()
        )
        return Fetched(
            path, response.status, response.getheader("Content-Encoding", ""), body, head + 2 + len(body)
        )
    finally:
        connection.close()


def _decoded(fetched: Fetched) -> bytes:
    if fetched.encoding == "gzip":
        import gzip

        return gzip.decompress(fetched.body)
    if fetched.encoding == "br":
        import brotli  # whitenoise's optional dependency, when installed

        return brotli.decompress(fetched.body)
    if fetched.encoding == "zstd":
        from compression import zstd  # Python 3.14

        return zstd.decompress(fetched.body)
    return fetched.body


def asset_paths(html: bytes) -> list[str]:
    """Stylesheets (any media: a browser fetches print styles too) and scripts, in page order."""
    root: Element = page(_Body(html))
    found = []
    for element in root.iter():
        if element.tag == "link" and "stylesheet" in element.attrs.get("rel", "").split():
            found.append(element.attrs["href"])
        elif element.tag == "script" and element.attrs.get("src"):
            found.append(element.attrs["src"])
    return [urllib.parse.urlsplit(url).path for url in found if not url.startswith("data:")]


def measure(port: int, path: str, headers: dict[str, str]) -> PageBytes:
    html = fetch(port, path, headers)
    assets = [fetch(port, asset, headers) for asset in asset_paths(_decoded(html))]
    return PageBytes(path, html, assets)
