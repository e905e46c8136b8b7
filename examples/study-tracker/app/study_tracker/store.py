"""Study sessions in DynamoDB: partition key ``userId``, sort key ``sessionId``.

``table`` is a boto3 ``dynamodb.Table`` resource (boto3 ships with the Lambda Python runtime).
The resource API returns numbers as ``decimal.Decimal``; the store hands out plain ints.
"""

import decimal


class DynamoSessionStore:
    def __init__(self, table):
        self.table = table

    def put(self, item):
        # The key is new (a random id): refuse to overwrite rather than lose a session.
        self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(sessionId)")

    def get(self, user_id, session_id):
        item = self.table.get_item(Key={"userId": user_id, "sessionId": session_id}).get("Item")
        return plain(item) if item else None

    def delete(self, user_id, session_id):
        response = self.table.delete_item(Key={"userId": user_id, "sessionId": session_id}, ReturnValues="ALL_OLD")
        return "Attributes" in response

    def query_user(self, user_id, limit, start_key):
        request = {
            "KeyConditionExpression": "userId = :user",
            "ExpressionAttributeValues": {":user": user_id},
            "Limit": limit,
        }
        if start_key:
            request["ExclusiveStartKey"] = start_key
        response = self.table.query(**request)
        return [plain(item) for item in response.get("Items", [])], response.get("LastEvaluatedKey")


def plain(item):
    return {k: int(v) if isinstance(v, decimal.Decimal) else v for k, v in item.items()}
