import { Duration, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { RegionFailoverOptions } from './region-failover-options';
import { PropValidation } from '../../core/validation';

/** Props of `RegionFailover`: the options with the primary target and both regions settled. */
export interface RegionFailoverProps {
  readonly options: RegionFailoverOptions;
  readonly primary: route53.RecordTarget;
  /** Region of this deployment, used as the primary record's set identifier. */
  readonly primaryRegion: string;
  /** Region of the secondary endpoint. */
  readonly secondaryRegion: string;
}

/**
 * Route 53 failover records for one name (DR-03): a PRIMARY record to this region, guarded by an
 * HTTPS health check, and a SECONDARY record to the recovery region that Route 53 answers with
 * while the health check fails. A region failure then switches DNS within minutes without an
 * operator (detection 3 × 30 s, plus the 60-second alias TTL).
 */
export class RegionFailover extends Construct {
  /** The health check of the primary endpoint. */
  public readonly healthCheck: route53.HealthCheck;
  public readonly primaryRecord: route53.ARecord;
  public readonly secondaryRecord: route53.ARecord;
  /** The name that fails over, fully qualified when the zone name is known at synth. */
  public readonly domainName: string;

  /** `props.options` are checked by `checkFailoverOptions` before. */
  public constructor(scope: Construct, id: string, props: RegionFailoverProps) {
    super(scope, id);
    const options = props.options;
    this.domainName = qualifiedName(options) ?? options.recordName;
    this.healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: options.healthCheckDomainName,
      port: 443,
      resourcePath: options.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
      enableSNI: true,
      requestInterval: Duration.seconds(30),
      failureThreshold: 3,
    });
    this.primaryRecord = new route53.ARecord(this, 'Primary', {
      zone: options.hostedZone,
      recordName: options.recordName,
      target: props.primary,
      failover: route53.Failover.PRIMARY,
      setIdentifier: `primary-${props.primaryRegion}`,
      healthCheck: this.healthCheck,
    });
    this.secondaryRecord = new route53.ARecord(this, 'Secondary', {
      zone: options.hostedZone,
      recordName: options.recordName,
      target: options.secondary,
      failover: route53.Failover.SECONDARY,
      setIdentifier: `secondary-${props.secondaryRegion}`,
    });
  }
}

const DEFAULT_HEALTH_CHECK_PATH = '/health';

/** Checks the options of a region failover (DR-03): its health check must probe only this region. */
export function checkFailoverOptions(check: PropValidation, options: RegionFailoverOptions): void {
  check.matches('healthCheckPath', options.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH, /^\/[\x21-\x7e]*$/, 'a path starting with /');
  check.matches('healthCheckDomainName', options.healthCheckDomainName, /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a fully qualified domain name');
  if (qualifiedName(options) === options.healthCheckDomainName.replace(/\.$/, '')) {
    check.report('healthCheckDomainName', options.healthCheckDomainName,
      'is the failover name itself; probe a name that reaches only this region, or the check follows the failover and flaps');
  }
}

/** The fully qualified name that fails over; undefined when the zone or record name is a token. */
function qualifiedName(options: RegionFailoverOptions): string | undefined {
  const zoneName = options.hostedZone.zoneName;
  if (Token.isUnresolved(zoneName) || Token.isUnresolved(options.recordName)) return undefined;
  return qualify(options.recordName, zoneName);
}

function qualify(recordName: string, zoneName: string): string {
  const zone = zoneName.replace(/\.$/, '');
  const name = recordName.replace(/\.$/, '');
  return name === zone || name.endsWith(`.${zone}`) ? name : `${name}.${zone}`;
}
