"""RasaClient with several instances (RASA_URLS): an unreachable one is skipped, but a request
that reached an instance is never re-sent to another (it may still be taking the turn)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bot.clients.rasa import RasaClient, RasaUnavailable
from tests.test_health import free_port


@pytest.fixture
def rasa_like():
    """Starts loopback servers answering Rasa's REST webhook. Each returns (url, hits, hold):
    while ``hold`` is clear the server takes the request but does not answer (the client gives
    up first)."""
    servers = []

    def start():
        hits: list[str] = []
        hold = threading.Event()
        hold.set()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server API)
                hits.append(self.path)
                self.rfile.read(int(self.headers["Content-Length"]))
                hold.wait(5)
                body = json.dumps([{"recipient_id": "x",
                                    "custom": {"template": "thanks"}}]).encode()
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append((server, hold))
        return f"http://127.0.0.1:{server.server_port}", hits, hold

    yield start
    for server, hold in servers:
        hold.set()
        server.shutdown()


def test_an_unreachable_instance_is_skipped(rasa_like):
    url, hits, _ = rasa_like()
    client = RasaClient(f"http://127.0.0.1:{free_port()}", timeout=2, fallbacks=(url,))
    assert client.send("s", "hola", {}) == [{"recipient_id": "x",
                                             "custom": {"template": "thanks"}}]
    assert hits == ["/webhooks/rest/webhook"]


def test_a_slow_instance_is_not_asked_twice(rasa_like):
    url, hits, hold = rasa_like()
    other_url, other_hits, _ = rasa_like()  # up and quick: it must still not be asked
    hold.clear()  # the first instance takes the turn but does not answer in time
    client = RasaClient(url, timeout=0.3, fallbacks=(other_url,))
    with pytest.raises(RasaUnavailable):
        client.send("s", "hola", {})
    hold.set()
    assert hits == ["/webhooks/rest/webhook"] and other_hits == []


def test_all_unreachable_is_unavailable():
    client = RasaClient(f"http://127.0.0.1:{free_port()}", timeout=1,
                        fallbacks=(f"http://127.0.0.1:{free_port()}",))
    with pytest.raises(RasaUnavailable, match="ConnectionError"):
        client.parse("hola")
