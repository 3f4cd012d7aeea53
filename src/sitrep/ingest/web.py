"""Fetching web pages politely and safely: timeouts, a size cap, a redirect limit, a clear user agent,
robots.txt, and no requests to private, loopback or link-local addresses (SSRF) unless allowed.

Every hop of a redirect chain is checked again, and the address actually connected to is checked
once more (a DNS answer can change between the check and the connection).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from sitrep import __version__ as _version

USER_AGENT = f"sitrep/{_version} (conflict-event research; +https://github.com/sitrep-events/sitrep)"
MAX_BYTES = 5 * 1024 * 1024  # a news page is far smaller; bigger bodies are refused, not truncated
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(connect=5.0, read=10.0, write=10.0, pool=5.0)
DEADLINE_S = 30.0  # a server that drips bytes slowly cannot hold a run past this


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason logged in `ingest_log`."""


@dataclass
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise FetchError unless `url` is http(s) and every address its host resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise FetchError("URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"host {parts.hostname!r} does not resolve ({err})") from err
    for info in infos:
        address = str(info[4][0])
        if not is_public_address(address):
            raise FetchError(
                f"host {parts.hostname!r} resolves to the non-public address {address}; "
                "refused (pass --allow-private to fetch from your own network)"
            )


@dataclass
class Fetcher:
    """One HTTP client for a run; caches robots.txt per site."""

    allow_private: bool = False
    respect_robots: bool = True
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    timeout: httpx.Timeout = field(default_factory=lambda: TIMEOUT)
    deadline_s: float = DEADLINE_S
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": USER_AGENT}, timeout=self.timeout, follow_redirects=False
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET `url`; raise FetchError with a reason for anything but a usable 2xx or 304 answer."""
        check_url(url, self.allow_private)  # before robots.txt, which would be a request too
        if self.respect_robots and not self.allowed_by_robots(url):
            raise FetchError("disallowed by the site's robots.txt")
        return self._get(url, headers or {})

    def allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._load_robots(site)
        parser = self._robots[site]
        return parser is None or parser.can_fetch(USER_AGENT, url)

    def _load_robots(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        """None means no rules. Per RFC 9309: 4xx allows everything, 5xx or no answer disallows all."""
        parser = urllib.robotparser.RobotFileParser()
        try:
            answer = self._get(site + "/robots.txt", {}, robots=True)
        except FetchError:
            parser.disallow_all = True
            return parser
        if 400 <= answer.status < 500:
            return None
        if answer.status >= 500:
            parser.disallow_all = True
            return parser
        parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _get(self, url: str, headers: dict[str, str], robots: bool = False) -> Fetched:
        seen: list[str] = []
        current = url
        started = time.monotonic()
        while True:
            check_url(current, self.allow_private)
            if current in seen:
                raise FetchError(f"redirect loop: {' -> '.join([*seen, current])}")
            seen.append(current)
            try:
                answer = self._get_once(current, headers, started)
            except httpx.TimeoutException as err:
                raise FetchError(f"timed out ({err.__class__.__name__})") from err
            except httpx.HTTPError as err:
                raise FetchError(f"request failed: {err.__class__.__name__}: {err}") from err
            if answer.status in {301, 302, 303, 307, 308} and "location" in answer.headers:
                if len(seen) > self.max_redirects:
                    raise FetchError(f"more than {self.max_redirects} redirects")
                current = urljoin(current, answer.headers["location"])
                continue
            answer.url = url
            if robots or answer.status == 304 or 200 <= answer.status < 300:
                return answer
            raise FetchError(f"HTTP {answer.status}")

    def _get_once(self, url: str, headers: dict[str, str], started: float) -> Fetched:
        with self.client.stream("GET", url, headers=headers) as response:
            self._check_peer(response)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"body is {int(declared) // 1_000_000} MB, over the {self._cap_mb} MB cap")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"body is over the {self._cap_mb} MB cap")
                if time.monotonic() - started > self.deadline_s:
                    raise FetchError(f"took longer than {self.deadline_s:.0f} s")
                chunks.append(chunk)
            return Fetched(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                body=b"".join(chunks),
            )

    def _check_peer(self, response: httpx.Response) -> None:
        if self.allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer and not is_public_address(str(peer[0])):
            raise FetchError(f"connected to the non-public address {peer[0]}; refused")

    @property
    def _cap_mb(self) -> float:
        return round(self.max_bytes / 1_000_000, 1)
