import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { createDatadogResource, identityOfConstruct } from './datadog-resource';
import { ApiJson, ResourceKind } from './model/desired-resource';
import { identityTags } from './model/identity';
import { IDatadogMonitor } from './monitor-reference';
import { tagProblems, throwIfProblems } from './validation/construct-problems';

/** Props of a `DatadogSyntheticsApiTest`. */
export interface DatadogSyntheticsApiTestProps {
  /** How to reach Datadog; share one across every Datadog construct of the platform. */
  readonly connection: DatadogConnection;
  /**
   * A stable name for the Datadog resource, unique in the app, e.g. `tenant-acme/errors`. With it,
   * renaming this construct or its stack updates the same Datadog resource (its history, links and
   * id stay) instead of deleting it and creating another.
   * @default - derived from the stack name and the construct path
   */
  readonly identity?: string;
  /** The test name, e.g. `[L3] acme health check`. */
  readonly name: string;
  /** The URL to request, e.g. `https://acme.example.com/health` (EDGE-04). */
  readonly url: string;
  /** The notification message of the test's monitor. */
  readonly message: string;
  /**
   * HTTP method.
   * @default 'GET'
   */
  readonly method?: string;
  /**
   * The status code that means healthy.
   * @default 200
   */
  readonly expectedStatusCode?: number;
  /**
   * Fail when the response takes longer than this.
   * @default - no response time assertion
   */
  readonly maxResponseTime?: Duration;
  /**
   * Managed locations to run from.
   * @default ['aws:ap-northeast-1']
   */
  readonly locations?: string[];
  /**
   * How often the test runs (1 minute to 7 days).
   * @default Duration.minutes(5)
   */
  readonly checkEvery?: Duration;
  /**
   * Tags (`key:value`); the identity tags are always added.
   * @default - only the identity tags
   */
  readonly tags?: string[];
}

/**
 * A Datadog synthetics HTTP API test, one per tenant health check (MON-05). The test owns a
 * monitor, which composites and downtimes can reference through this construct.
 */
export class DatadogSyntheticsApiTest extends Construct implements IDatadogMonitor {
  public readonly monitorId: string;
  public readonly identityId: string;
  public readonly isComposite = false;
  /** The test's public id, e.g. `abc-def-ghi` (deploy time). */
  public readonly publicId: string;

  constructor(scope: Construct, id: string, props: DatadogSyntheticsApiTestProps) {
    super(scope, id);
    const identity = identityOfConstruct(this, props.identity);
    this.identityId = identity.id;
    const tickEvery = (props.checkEvery ?? Duration.minutes(5)).toSeconds();
    const method = props.method ?? 'GET';
    const problems = tagProblems(props.tags);
    for (const field of ['name', 'message'] as const) {
      if (!props[field]?.trim()) problems.push(`${field} is required`);
    }
    if (!/^https?:\/\/\S+$/.test(props.url)) problems.push(`url "${props.url}" must be an absolute http(s) URL`);
    if (!/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(method)) problems.push(`method "${method}" must be an HTTP method such as GET`);
    if (tickEvery < 60 || tickEvery > 604_800) problems.push(`checkEvery ${tickEvery} s must be from 1 minute to 7 days`);
    throwIfProblems(this, problems);

    const assertions: ApiJson[] = [{ type: 'statusCode', operator: 'is', target: props.expectedStatusCode ?? 200 }];
    if (props.maxResponseTime) {
      assertions.push({ type: 'responseTime', operator: 'lessThan', target: props.maxResponseTime.toMilliseconds() });
    }
    const body: ApiJson = {
      name: props.name,
      type: 'api',
      subtype: 'http',
      status: 'live',
      message: props.message,
      locations: props.locations ?? ['aws:ap-northeast-1'],
      config: { request: { method, url: props.url }, assertions },
      options: { tick_every: tickEvery },
      tags: [...(props.tags ?? []), ...identityTags(identity)],
    };
    const resource = createDatadogResource(this, {
      kind: ResourceKind.SYNTHETICS_API_TEST, connection: props.connection, identity, body, references: [],
    });
    this.monitorId = resource.getAttString('MonitorId');
    this.publicId = resource.getAttString('PublicId');
  }
}
