"""A twilio HTTP client for talking to Prism (tests.prism) when the spec's examples will not do."""

from __future__ import annotations

from twilio.http.http_client import TwilioHttpClient


class DynamicPrism(TwilioHttpClient):
    """Asks Prism for an answer generated from the schema rather than the spec's example: the
    example message list has relative URIs where the schema says "uri", so Prism (--errors)
    rejects its own example; and every example message has the same SID, where a run of many
    sends (bench.outreach) needs distinct ones. The request is what is checked."""

    def request(self, method, url, params=None, data=None, headers=None, **kwargs):
        headers = {**(headers or {}), "Prefer": "dynamic=true"}
        return super().request(method, url, params=params, data=data, headers=headers,
                               **kwargs)
