import * as route53 from 'aws-cdk-lib/aws-route53';

/** Options of `DrPlan.addRegionFailover`. */
export interface RegionFailoverOptions {
  /** The public hosted zone of `recordName`. */
  readonly hostedZone: route53.IHostedZone;
  /** The name that fails over, relative to the zone or fully qualified (e.g. `acme` or `acme.example.com`). */
  readonly recordName: string;
  /**
   * Where the name points while this region is healthy.
   * @default - an alias to the platform's first load balancer
   */
  readonly primary?: route53.RecordTarget;
  /**
   * Where the name points when this region is unhealthy: the platform in the recovery region
   * (`copyToRegion`), e.g. `RecordTarget.fromAlias(new LoadBalancerTarget(standbyAlb, { evaluateTargetHealth: true }))`.
   * Route 53 requires failover alias records to evaluate target health.
   */
  readonly secondary: route53.RecordTarget;
  /**
   * A name that reaches only this region's endpoint and serves `healthCheckPath` there, e.g. a
   * tenant host name of the form `acme.tokyo.example.com` routed to the same service. Route 53
   * probes it over HTTPS. It must not be `recordName`: probing the failover name would follow the
   * failover and flap.
   */
  readonly healthCheckDomainName: string;
  /**
   * Path the health check requests (EDGE-04).
   * @default '/health'
   */
  readonly healthCheckPath?: string;
}
