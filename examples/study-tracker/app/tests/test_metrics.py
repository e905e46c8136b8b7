"""The custom metrics, checked against the EMF specification's shape (CloudWatch User Guide,
"Specification: Embedded metric format"): a root ``_aws`` with a millisecond ``Timestamp`` and
``CloudWatchMetrics`` directives whose metric names and dimension keys are root members."""

import json
import unittest

from study_tracker.api import StudyTrackerApi
from study_tracker.handler import handle_and_measure
from study_tracker.metrics import emf_line, METRICS, request_metrics, TimedStore
from test_api import event, InMemorySessionStore

ENV = {"POWERTOOLS_METRICS_NAMESPACE": "StudyTracker", "POWERTOOLS_SERVICE_NAME": "Function"}
SESSION = {"subject": "math", "minutes": 45, "studiedOn": "2026-01-31"}


class Clock:
    """Each call is 2 ms after the previous one."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 0.002
        return self.now


def run(requests):
    api = StudyTrackerApi(TimedStore(InMemorySessionStore(), clock=Clock()), b"key")
    lines = []
    responses = [handle_and_measure(api, e, ENV, lines.append, cold_start_ms=120.5 if i == 0 else None) for i, e in enumerate(requests)]
    return responses, [json.loads(line) for line in lines]


class MetricsTest(unittest.TestCase):
    def test_ten_metrics(self):
        self.assertEqual(len(METRICS), 10)

    def test_every_line_is_valid_emf(self):
        create = event("POST", "/users/u1/sessions", SESSION)
        responses, docs = run([create, event("GET", "/users/u1/sessions")])
        self.assertEqual([r["statusCode"] for r in responses], [201, 200])
        for doc in docs:
            directive = doc["_aws"]["CloudWatchMetrics"][0]
            self.assertIsInstance(doc["_aws"]["Timestamp"], int)
            self.assertEqual(directive["Namespace"], "StudyTracker")
            self.assertEqual(directive["Dimensions"], [["service"]])
            self.assertEqual(doc["service"], "Function")
            for metric in directive["Metrics"]:
                self.assertIn(metric["Name"], doc)
                self.assertEqual(metric["Unit"], METRICS[metric["Name"]])

    def test_cold_start_and_database_latency(self):
        _, docs = run([event("POST", "/users/u1/sessions", SESSION), event("GET", "/health")])
        first = docs[0]
        self.assertEqual((first["ColdStart"], first["ColdStartSetupTime"]), (1, 120.5))
        self.assertEqual(first["DatabaseQueryLatency"], [2.0])
        self.assertEqual((first["SessionsCreated"], first["StudyMinutesRecorded"]), (1, 45))
        self.assertEqual(len(docs), 1, "a health check with no metric writes no line")

    def test_request_metrics_name_what_the_request_did(self):
        created = {"statusCode": 201, "body": json.dumps({**SESSION, "sessionId": "a" * 32})}
        cases = [
            (event("POST", "/users/u1/sessions", SESSION), created, {"SessionsCreated": 1, "StudyMinutesRecorded": 45}),
            (event("GET", "/users/u1/sessions"), {"statusCode": 200}, {"SessionsListed": 1}),
            (event("GET", f"/users/u1/sessions/{'a' * 32}"), {"statusCode": 200}, {"SessionsRead": 1}),
            (event("DELETE", f"/users/u1/sessions/{'a' * 32}"), {"statusCode": 204}, {"SessionsDeleted": 1}),
            (event("GET", f"/users/u1/sessions/{'b' * 32}"), {"statusCode": 404}, {"SessionsNotFound": 1}),
            (event("POST", "/users/u1/sessions", {}), {"statusCode": 422}, {"ValidationErrors": 1}),
            (event("GET", "/users/u1/summary"), {"statusCode": 200}, {}),
        ]
        for request, response, expected in cases:
            self.assertEqual(request_metrics(request, response), expected, request["path"])

    def test_unknown_metric_is_refused(self):
        with self.assertRaises(ValueError):
            emf_line("StudyTracker", "Function", {"Typo": 1}, 0)


if __name__ == "__main__":
    unittest.main()
