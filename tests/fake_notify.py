"""A local stand-in for GOV.UK Notify's API, shaped like the real one (v2): POST
/v2/notifications/sms|email|letter with a JWT signed by the API key's secret (issuer: the service
id; checked here as Notify does), 201 answers with `id`, `reference`, `content`, `template` and
`uri`; errors as Notify sends them (`status_code` and a list of `errors`, each `error` and
`message`). Tests queue failures: `fail_next(500)`, `fail_next(429)`, `fail_next(400, ...)`."""

import http.server
import json
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt

from tests import background

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"people_zones_test-{SERVICE_ID}-{SECRET}"
TOKEN = "a-long-random-callback-token-for-tests"  # the delivery receipts' bearer token
TEMPLATES = {
    "email": "f33517ff-2a88-4f6e-b855-c550268ce08a",
    "text": "e4f2a7b3-2b8b-4d4b-a0f3-2a1f8b8a4c11",
    "letter": "8a1b0c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d",
}
ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
}


class FakeNotify:
    def __init__(self) -> None:
        self.sent: list[dict] = []  # accepted notifications: {"type", "id", **payload}
        self.requests = 0
        self.failures: list[tuple[int, str | None]] = []
        handler = type("Handler", (_Handler,), {"notify": self})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        background.serve(self.server)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def fail_next(self, status: int, message: str | None = None) -> None:
        self.failures.append((status, message))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(http.server.BaseHTTPRequestHandler):
    notify: FakeNotify

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str | None = None) -> None:
        kind, default = ERRORS.get(status, ("Exception", "Error"))
        self._answer(status, {"status_code": status,
                              "errors": [{"error": kind, "message": message or default}]})  # fmt: skip

    def _signed(self) -> bool:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"]).get("iss") == SERVICE_ID
        except jwt.PyJWTError:
            return False

    def do_GET(self) -> None:
        """GET /v2/notifications?reference=...: the notifications sent with that reference."""
        if not self._signed():
            return self._error(403, "Invalid token: signature, api token not found")
        query = parse_qs(urlsplit(self.path).query)
        reference = (query.get("reference") or [""])[0]
        found = [
            {"id": n["id"], "reference": n.get("reference"), "status": "delivered",
             "type": n["type"]}
            for n in self.notify.sent if not reference or n.get("reference") == reference
        ]  # fmt: skip
        self._answer(200, {"notifications": found, "links": {"current": self.path}})

    def do_POST(self) -> None:
        notify = self.notify
        notify.requests += 1
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.PyJWTError:
            return self._error(403, "Invalid token: signature, api token not found")
        if claims.get("iss") != SERVICE_ID:
            return self._error(403, "Invalid token: service not found")
        if notify.failures:
            return self._error(*notify.failures.pop(0))
        kind = self.path.rsplit("/", 1)[-1]
        if kind not in ("sms", "email", "letter"):
            return self._error(404, "Not found")
        channel = {"sms": "text"}.get(kind, kind)
        if payload.get("template_id") != TEMPLATES[channel]:
            return self._error(400, "Template not found")
        personalisation = payload.get("personalisation") or {}
        if kind == "sms" and not str(payload.get("phone_number", "")).startswith(("+447", "07")):
            return self._error(400, "phone_number Not a UK mobile number")
        if kind == "letter" and not personalisation.get("address_line_3"):
            return self._error(400, "Address must be at least 3 lines")
        notification_id = str(uuid.uuid4())
        notify.sent.append({"type": kind, "id": notification_id, **payload})
        content = {"body": personalisation.get("body", "")}
        if kind == "sms":
            content["from_number"] = "GOVUK"
        else:
            content["subject"] = personalisation.get("subject", "")
        self._answer(201, {
            "id": notification_id, "reference": payload.get("reference"), "content": content,
            "uri": f"{notify.url}/v2/notifications/{notification_id}",
            "template": {"id": payload.get("template_id"), "version": 1,
                         "uri": f"{notify.url}/services/{SERVICE_ID}/templates/{payload.get('template_id')}"},
        })  # fmt: skip
