"""StudyTracker's API contract (seed 004), as a plain function of an API Gateway proxy event.

Routes (JSON in and out; validation errors answer 422 with FastAPI's ``{"detail": [...]}`` shape):

- ``GET  /health``                                  -> 200 ``{"status": "ok"}``
- ``POST /users/{userId}/sessions``                 -> 201 the new session
- ``GET  /users/{userId}/sessions[?limit=&nextToken=]`` -> 200 ``{"items": [...], "nextToken": ...}``
- ``GET  /users/{userId}/sessions/{sessionId}``     -> 200 the session, or 404
- ``DELETE /users/{userId}/sessions/{sessionId}``   -> 204, or 404
- ``GET  /users/{userId}/summary``                  -> 200 minutes per subject

Storage and the pagination-token key are injected, so the contract runs without AWS.
"""

import base64
import datetime
import hashlib
import hmac
import json
import re
import uuid

USER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_PAGE = 100


class ValidationFailed(Exception):
    """A request that breaks the contract; ``errors`` are FastAPI-style detail entries."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class StudyTrackerApi:
    """Routes one proxy event to the store. ``store`` has put, get, delete and query_user."""

    def __init__(self, store, token_key, clock=None, new_id=None):
        if not token_key:
            raise ValueError("token_key must be a non-empty byte string")
        self.store = store
        self.token_key = token_key
        self.clock = clock or (lambda: datetime.datetime.now(datetime.timezone.utc))
        self.new_id = new_id or (lambda: uuid.uuid4().hex)

    def handle(self, event):
        method = (event.get("httpMethod") or "").upper()
        parts = [p for p in (event.get("path") or "").split("/") if p]
        try:
            if parts == ["health"] and method == "GET":
                return respond(200, {"status": "ok"})
            if len(parts) >= 3 and parts[0] == "users" and parts[2] in ("sessions", "summary"):
                user_id = parts[1]
                if not USER_ID.match(user_id):
                    raise ValidationFailed([error(["path", "userId"], "must be 1-64 letters, digits, '_' or '-'")])
                return self.route_user(method, user_id, parts[2:], event)
            return respond(404, {"detail": "Not Found"})
        except ValidationFailed as failed:
            return respond(422, {"detail": failed.errors})

    def route_user(self, method, user_id, rest, event):
        if rest == ["sessions"] and method == "POST":
            return self.create(user_id, parse_body(event))
        if rest == ["sessions"] and method == "GET":
            return self.list(user_id, event.get("queryStringParameters") or {})
        if rest == ["summary"] and method == "GET":
            return self.summary(user_id)
        if len(rest) == 2 and rest[0] == "sessions":
            session_id = rest[1]
            if not SESSION_ID.match(session_id):
                raise ValidationFailed([error(["path", "sessionId"], "must be 32 lowercase hex digits")])
            if method == "GET":
                item = self.store.get(user_id, session_id)
                return respond(200, item) if item else respond(404, {"detail": "Session not found"})
            if method == "DELETE":
                return respond(204, None) if self.store.delete(user_id, session_id) else respond(404, {"detail": "Session not found"})
        return respond(405, {"detail": "Method Not Allowed"})

    def create(self, user_id, body):
        session = validate_session(body)
        now = self.clock()
        item = {
            "userId": user_id,
            "sessionId": self.new_id(),
            "createdAt": now.isoformat().replace("+00:00", "Z"),
            **session,
        }
        self.store.put(item)
        return respond(201, item)

    def list(self, user_id, query):
        errors = []
        limit = query.get("limit", "20")
        if not re.fullmatch(r"[0-9]{1,3}", limit) or not 1 <= int(limit) <= MAX_PAGE:
            errors.append(error(["query", "limit"], f"must be an integer from 1 to {MAX_PAGE}"))
        start = None
        if query.get("nextToken"):
            start = self.read_token(query["nextToken"], user_id)
            if start is None:
                errors.append(error(["query", "nextToken"], "is not a token this API issued for this user"))
        if errors:
            raise ValidationFailed(errors)
        items, last = self.store.query_user(user_id, int(limit), start)
        return respond(200, {"items": items, "nextToken": self.make_token(last) if last else None})

    def summary(self, user_id):
        minutes = {}
        start = None
        while True:
            items, start = self.store.query_user(user_id, MAX_PAGE, start)
            for item in items:
                minutes[item["subject"]] = minutes.get(item["subject"], 0) + int(item["minutes"])
            if not start:
                break
        return respond(200, {"userId": user_id, "totalMinutes": sum(minutes.values()), "minutesBySubject": minutes})

    def make_token(self, key):
        payload = base64.urlsafe_b64encode(json.dumps(key, sort_keys=True).encode()).decode()
        return f"{payload}.{self.signature(payload)}"

    def read_token(self, token, user_id):
        payload, _, signature = token.partition(".")
        if not hmac.compare_digest(signature, self.signature(payload)):
            return None
        try:
            key = json.loads(base64.urlsafe_b64decode(payload.encode()))
        except ValueError:
            return None
        return key if isinstance(key, dict) and key.get("userId") == user_id else None

    def signature(self, payload):
        return hmac.new(self.token_key, payload.encode(), hashlib.sha256).hexdigest()


def validate_session(body):
    """The fields of a new session: subject, minutes, studiedOn and an optional note."""
    if not isinstance(body, dict):
        raise ValidationFailed([error(["body"], "must be a JSON object")])
    errors = []
    allowed = {"subject", "minutes", "studiedOn", "note"}
    for extra in sorted(set(body) - allowed):
        errors.append(error(["body", extra], "is not a field of a study session"))
    subject = body.get("subject")
    if not isinstance(subject, str) or not 1 <= len(subject.strip()) <= 100:
        errors.append(error(["body", "subject"], "must be a string of 1 to 100 characters"))
    minutes = body.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1440:
        errors.append(error(["body", "minutes"], "must be an integer from 1 to 1440"))
    studied_on = body.get("studiedOn")
    try:
        datetime.date.fromisoformat(studied_on if isinstance(studied_on, str) and len(studied_on) == 10 else "")
    except ValueError:
        errors.append(error(["body", "studiedOn"], "must be a date YYYY-MM-DD"))
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 1000):
        errors.append(error(["body", "note"], "must be a string of at most 1000 characters"))
    if errors:
        raise ValidationFailed(errors)
    session = {"subject": subject.strip(), "minutes": minutes, "studiedOn": studied_on}
    if note is not None:
        session["note"] = note
    return session


def parse_body(event):
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode("utf-8", errors="replace")
    try:
        return json.loads(raw)
    except ValueError:
        raise ValidationFailed([error(["body"], "must be JSON")]) from None


def error(loc, msg):
    return {"loc": loc, "msg": msg, "type": "value_error"}


def respond(status, body):
    response = {"statusCode": status, "headers": {"Content-Type": "application/json"}}
    response["body"] = "" if body is None else json.dumps(body, ensure_ascii=False)
    return response
