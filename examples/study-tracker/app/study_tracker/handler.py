"""The Lambda entry point: ``study_tracker.handler.handler``.

On a cold start it reads the pagination-token key from the application secret (``APP_SECRET_ARN``,
through the VPC's Secrets Manager endpoint) and opens the table (``TABLE_NAME``, through the
DynamoDB gateway endpoint); warm invocations reuse both.
"""

import os

from study_tracker.api import StudyTrackerApi
from study_tracker.store import DynamoSessionStore

_api = None


def build_api(environ, boto3):
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=environ["APP_SECRET_ARN"])
    table = boto3.resource("dynamodb").Table(environ["TABLE_NAME"])
    return StudyTrackerApi(DynamoSessionStore(table), secret["SecretString"].encode())


def handler(event, context):
    global _api
    if _api is None:
        import boto3

        _api = build_api(os.environ, boto3)
    return _api.handle(event)
