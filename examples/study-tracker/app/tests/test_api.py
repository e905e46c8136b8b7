"""The StudyTracker API contract, run locally: ``python3 -m unittest discover -s tests`` in app/."""

import datetime
import decimal
import json
import unittest

from study_tracker import handler as lambda_handler
from study_tracker.api import StudyTrackerApi
from study_tracker.store import DynamoSessionStore


class InMemorySessionStore:
    """The store contract with DynamoDB's query paging: items in sort-key order, ``Limit`` items a
    page, and a ``LastEvaluatedKey`` whenever a page is full — even the last one, which is why a
    client only knows it is done when the key is absent (DynamoDB Developer Guide, "Paginating
    table query results")."""

    def __init__(self):
        self.items = {}

    def put(self, item):
        key = (item["userId"], item["sessionId"])
        if key in self.items:
            raise AssertionError(f"overwrote {key}")
        self.items[key] = dict(item)

    def get(self, user_id, session_id):
        return self.items.get((user_id, session_id))

    def delete(self, user_id, session_id):
        return self.items.pop((user_id, session_id), None) is not None

    def query_user(self, user_id, limit, start_key):
        keys = sorted(k for k in self.items if k[0] == user_id)
        if start_key:
            keys = [k for k in keys if k[1] > start_key["sessionId"]]
        page = keys[:limit]
        last = {"userId": page[-1][0], "sessionId": page[-1][1]} if len(page) == limit else None
        return [self.items[k] for k in page], last


def event(method, path, body=None, query=None):
    return {"httpMethod": method, "path": path, "body": None if body is None else json.dumps(body), "queryStringParameters": query}


def body_of(response):
    return json.loads(response["body"]) if response["body"] else None


class ApiContractTest(unittest.TestCase):
    def setUp(self):
        self.store = InMemorySessionStore()
        ids = (f"{n:032x}" for n in range(1, 1000))
        clock = lambda: datetime.datetime(2026, 1, 31, 9, 0, tzinfo=datetime.timezone.utc)  # noqa: E731
        self.api = StudyTrackerApi(self.store, b"test-key", clock=clock, new_id=lambda: next(ids))

    def create(self, user="u1", **fields):
        session = {"subject": "math", "minutes": 30, "studiedOn": "2026-01-30", **fields}
        return self.api.handle(event("POST", f"/users/{user}/sessions", session))

    def test_health(self):
        response = self.api.handle(event("GET", "/health"))
        self.assertEqual((response["statusCode"], body_of(response)), (200, {"status": "ok"}))

    def test_create_then_read_and_delete(self):
        created = self.create(note="chapter 3")
        self.assertEqual(created["statusCode"], 201)
        session = body_of(created)
        self.assertEqual(session, {
            "userId": "u1", "sessionId": f"{1:032x}", "createdAt": "2026-01-31T09:00:00Z",
            "subject": "math", "minutes": 30, "studiedOn": "2026-01-30", "note": "chapter 3",
        })
        path = f"/users/u1/sessions/{session['sessionId']}"
        self.assertEqual(body_of(self.api.handle(event("GET", path))), session)
        self.assertEqual(self.api.handle(event("DELETE", path))["statusCode"], 204)
        self.assertEqual(self.api.handle(event("GET", path))["statusCode"], 404)
        self.assertEqual(self.api.handle(event("DELETE", path))["statusCode"], 404)

    def test_invalid_sessions_get_422_with_every_problem(self):
        response = self.api.handle(event("POST", "/users/u1/sessions", {"subject": "", "minutes": 0, "studiedOn": "2026-02-30", "extra": 1}))
        self.assertEqual(response["statusCode"], 422)
        self.assertEqual([e["loc"] for e in body_of(response)["detail"]],
                         [["body", "extra"], ["body", "subject"], ["body", "minutes"], ["body", "studiedOn"]])
        self.assertEqual(self.create(minutes=True)["statusCode"], 422)
        self.assertEqual(self.create(note="x" * 1001)["statusCode"], 422)
        not_json = self.api.handle({"httpMethod": "POST", "path": "/users/u1/sessions", "body": "{"})
        self.assertEqual(body_of(not_json)["detail"][0]["msg"], "must be JSON")
        self.assertEqual(self.api.handle(event("GET", "/users/a%20b/sessions"))["statusCode"], 422)
        self.assertEqual(self.api.handle(event("GET", "/users/u1/sessions/not-an-id"))["statusCode"], 422)
        self.assertEqual(self.store.items, {})

    def test_unknown_routes_and_methods(self):
        self.assertEqual(self.api.handle(event("GET", "/nothing"))["statusCode"], 404)
        self.assertEqual(self.api.handle(event("PATCH", "/users/u1/sessions"))["statusCode"], 405)

    def test_pages_with_signed_tokens_and_summary(self):
        for minutes, subject in [(30, "math"), (45, "english"), (15, "math")]:
            self.create(minutes=minutes, subject=subject)
        self.create(user="u2")
        first = body_of(self.api.handle(event("GET", "/users/u1/sessions", query={"limit": "2"})))
        self.assertEqual(len(first["items"]), 2)
        second = body_of(self.api.handle(event("GET", "/users/u1/sessions", query={"limit": "2", "nextToken": first["nextToken"]})))
        self.assertEqual([i["minutes"] for i in first["items"] + second["items"]], [30, 45, 15])
        self.assertIsNone(second["nextToken"])
        # A token is bound to its user and cannot be forged or altered.
        other_user = self.api.handle(event("GET", "/users/u2/sessions", query={"nextToken": first["nextToken"]}))
        self.assertEqual(other_user["statusCode"], 422)
        forged = first["nextToken"].split(".")[0] + "." + "0" * 64
        self.assertEqual(self.api.handle(event("GET", "/users/u1/sessions", query={"nextToken": forged}))["statusCode"], 422)
        self.assertEqual(self.api.handle(event("GET", "/users/u1/sessions", query={"limit": "101"}))["statusCode"], 422)
        summary = body_of(self.api.handle(event("GET", "/users/u1/summary")))
        self.assertEqual(summary, {"userId": "u1", "totalMinutes": 90, "minutesBySubject": {"math": 45, "english": 45}})


class RecordingTable:
    """A boto3 ``dynamodb.Table`` resource as far as the store uses it: the calls are recorded, and
    numbers come back as ``decimal.Decimal`` as the resource API returns them (boto3 docs, "DynamoDB
    type serialization")."""

    def __init__(self, responses):
        self.responses = responses
        self.calls = []

    def __getattr__(self, name):
        def call(**kwargs):
            self.calls.append((name, kwargs))
            return self.responses.get(name, {})
        return call


class DynamoSessionStoreTest(unittest.TestCase):
    def test_requests_and_decimals(self):
        item = {"userId": "u1", "sessionId": "a" * 32, "minutes": decimal.Decimal("30"), "subject": "math"}
        table = RecordingTable({
            "get_item": {"Item": item},
            "delete_item": {"Attributes": item},
            "query": {"Items": [item], "LastEvaluatedKey": {"userId": "u1", "sessionId": "a" * 32}},
        })
        store = DynamoSessionStore(table)
        store.put({"userId": "u1", "sessionId": "b" * 32})
        self.assertEqual(store.get("u1", "a" * 32)["minutes"], 30)
        self.assertIs(type(store.get("u1", "a" * 32)["minutes"]), int)
        self.assertTrue(store.delete("u1", "a" * 32))
        items, last = store.query_user("u1", 20, {"userId": "u1", "sessionId": "0" * 32})
        self.assertEqual((items[0]["minutes"], last["sessionId"]), (30, "a" * 32))
        self.assertEqual(table.calls[0], ("put_item", {"Item": {"userId": "u1", "sessionId": "b" * 32}, "ConditionExpression": "attribute_not_exists(sessionId)"}))
        self.assertEqual(table.calls[-1], ("query", {
            "KeyConditionExpression": "userId = :user", "ExpressionAttributeValues": {":user": "u1"}, "Limit": 20,
            "ExclusiveStartKey": {"userId": "u1", "sessionId": "0" * 32},
        }))
        self.assertFalse(DynamoSessionStore(RecordingTable({})).delete("u1", "a" * 32))


class FakeBoto3:
    """``boto3.client('secretsmanager')`` and ``boto3.resource('dynamodb')`` as the handler uses them."""

    def __init__(self):
        self.calls = []
        self.table = RecordingTable({})

    def client(self, service):
        self.calls.append(("client", service))
        outer = self

        class SecretsManager:
            def get_secret_value(self, SecretId):  # noqa: N803 (boto3's parameter name)
                outer.calls.append(("get_secret_value", SecretId))
                return {"SecretString": "generated-by-secrets-manager"}
        return SecretsManager()

    def resource(self, service):
        self.calls.append(("resource", service))
        outer = self

        class DynamoDb:
            def Table(self, name):  # noqa: N802 (boto3's method name)
                outer.calls.append(("Table", name))
                return outer.table
        return DynamoDb()


class HandlerTest(unittest.TestCase):
    def test_cold_start_reads_the_secret_and_opens_the_table(self):
        boto3 = FakeBoto3()
        api = lambda_handler.build_api({"APP_SECRET_ARN": "arn:secret", "TABLE_NAME": "sessions"}, boto3)
        self.assertEqual(boto3.calls, [("client", "secretsmanager"), ("get_secret_value", "arn:secret"), ("resource", "dynamodb"), ("Table", "sessions")])
        self.assertEqual(api.token_key, b"generated-by-secrets-manager")
        self.assertEqual(api.handle(event("GET", "/health"))["statusCode"], 200)


if __name__ == "__main__":
    unittest.main()
