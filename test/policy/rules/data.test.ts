import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PlatformEnvironment } from '../../../src';
import { flagged, newStack, resourcePath } from '../../support/policy';

describe('TenantPlatform-CFN1 (DR-06)', () => {
  test('DR-06: a bucket and a key that a stack change would delete are flagged by policy', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Audit', { removalPolicy: RemovalPolicy.DESTROY });
    const key = new kms.CfnKey(stack, 'Key', {});
    expect(flagged(stack, 'CFN1')).toEqual([
      `${resourcePath(bucket)}[DeletionPolicy]`, `${resourcePath(bucket)}[UpdateReplacePolicy]`,
      `${key.node.path}[DeletionPolicy]`, `${key.node.path}[UpdateReplacePolicy]`,
    ].sort());
  });

  test('DR-06: retained buckets, keys and tables pass', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Audit');
    new kms.Key(stack, 'Key');
    new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    expect(flagged(stack, 'CFN1')).toEqual([]);
  });
});

describe('TenantPlatform-DDB1 (SRV-03)', () => {
  test('SRV-03: a table and a global table without point-in-time recovery are flagged', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const global = new dynamodb.TableV2(stack, 'Global', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    expect(flagged(stack, 'DDB1')).toEqual([resourcePath(global), resourcePath(table)]);
  });

  test('SRV-03: tables with point-in-time recovery pass', () => {
    const stack = newStack();
    new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    new dynamodb.TableV2(stack, 'Global', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    expect(flagged(stack, 'DDB1')).toEqual([]);
  });
});

describe('TenantPlatform-DDB2 (SRV-03)', () => {
  test('SRV-03: a provisioned table that only scales reads is flagged for writes', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PROVISIONED });
    table.autoScaleReadCapacity({ minCapacity: 5, maxCapacity: 100 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
    expect(flagged(stack, 'DDB2')).toEqual([`${resourcePath(table)}[WriteCapacityUnits]`]);
  });

  test('SRV-03: provisioned with read and write auto scaling passes; on-demand needs none', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PROVISIONED });
    table.autoScaleReadCapacity({ minCapacity: 5, maxCapacity: 100 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
    table.autoScaleWriteCapacity({ minCapacity: 5, maxCapacity: 100 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
    new dynamodb.Table(stack, 'OnDemand', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
    expect(flagged(stack, 'DDB2')).toEqual([]);
  });
});

describe('TenantPlatform-LOG1 (LOG-01)', () => {
  test('LOG-01: a 7-day log group is flagged in production', () => {
    const stack = newStack();
    const group = new logs.LogGroup(stack, 'App', { retention: logs.RetentionDays.ONE_WEEK });
    expect(flagged(stack, 'LOG1')).toEqual([resourcePath(group)]);
  });

  test('LOG-01: 90 days pass in production, and 7 days are fine in development', () => {
    const stack = newStack();
    new logs.LogGroup(stack, 'App', { retention: logs.RetentionDays.THREE_MONTHS });
    expect(flagged(stack, 'LOG1')).toEqual([]);
    const dev = newStack();
    new logs.LogGroup(dev, 'App', { retention: logs.RetentionDays.ONE_WEEK });
    expect(flagged(dev, 'LOG1', { environment: PlatformEnvironment.DEVELOPMENT })).toEqual([]);
  });
});
