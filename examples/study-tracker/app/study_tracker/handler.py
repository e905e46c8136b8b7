"""The Lambda entry point: ``study_tracker.handler.handler``.

On a cold start it reads the pagination-token key from the application secret (``APP_SECRET_ARN``,
through the VPC's Secrets Manager endpoint) and opens the table (``TABLE_NAME``, through the
DynamoDB gateway endpoint); warm invocations reuse both. After each request it prints one EMF line
with the request's custom metrics (``study_tracker.metrics``).
"""

import os
import time

from study_tracker.api import StudyTrackerApi
from study_tracker.metrics import emf_line, request_metrics, TimedStore
from study_tracker.store import DynamoSessionStore

_api = None


def build_api(environ, boto3):
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=environ["APP_SECRET_ARN"])
    table = boto3.resource("dynamodb").Table(environ["TABLE_NAME"])
    return StudyTrackerApi(TimedStore(DynamoSessionStore(table)), secret["SecretString"].encode())


def handle_and_measure(api, event, environ, emit, cold_start_ms=None):
    """Answers ``event`` with ``api`` and passes the EMF line of its metrics to ``emit``."""
    response = api.handle(event)
    values = request_metrics(event, response)
    latencies = api.store.take_latencies()
    if latencies:
        values["DatabaseQueryLatency"] = latencies
    if cold_start_ms is not None:
        values.update({"ColdStart": 1, "ColdStartSetupTime": cold_start_ms})
    if values:
        namespace = environ.get("POWERTOOLS_METRICS_NAMESPACE", "StudyTracker")
        service = environ.get("POWERTOOLS_SERVICE_NAME", "study-tracker")
        emit(emf_line(namespace, service, values, int(time.time() * 1000)))
    return response


def handler(event, context):
    global _api
    cold_start_ms = None
    if _api is None:
        import boto3

        start = time.perf_counter()
        _api = build_api(os.environ, boto3)
        cold_start_ms = round((time.perf_counter() - start) * 1000, 3)
    return handle_and_measure(_api, event, os.environ, print, cold_start_ms)
