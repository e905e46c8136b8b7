"""StudyTracker (seed 004): study sessions API on AWS Lambda and DynamoDB."""
