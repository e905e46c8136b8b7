import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SecureServerlessApiProps, ServerlessApiType } from './secure-serverless-api-props';
import { LAMBDA_LIMITS, ServerlessDefaults, serverlessDefaults } from './serverless-profile';
import { ServerlessAlarmThresholds } from './serverless-thresholds';
import { checkThresholds } from './serverless-validation';
import { PlatformEnvironment } from '../../core/environment';
import { PropProblems } from '../../core/validation';

/** The props of a `SecureServerlessApi` as checked, with their defaults filled in. */
export interface CheckedServerlessApiProps {
  readonly defaults: ServerlessDefaults;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly apiType: ServerlessApiType;
  readonly wantsWaf: boolean;
  readonly wafRateLimit: number;
  readonly logRetention: logs.RetentionDays;
  readonly thresholds: Required<ServerlessAlarmThresholds>;
}

/** Checks every prop of a `SecureServerlessApi` at `path`, collects every problem and throws once, before any resource is built. */
export function validateSecureServerlessApi(path: string, props: SecureServerlessApiProps): CheckedServerlessApiProps {
  const alerting = props.alerting;
  const defaults = serverlessDefaults(alerting.environment);
  const env = alerting.environment;
  const problems = new PropProblems(path);
  const apiType = props.apiType ?? ServerlessApiType.REST;
  const wantsWaf = props.webAcl ?? true;
  const memorySize = props.memorySize ?? defaults.memoryMiB;
  const timeout = props.timeout ?? defaults.timeout;
  const memoryInLimits = Number.isInteger(memorySize)
    && memorySize >= LAMBDA_LIMITS.minMemoryMiB && memorySize <= LAMBDA_LIMITS.maxMemoryMiB;
  if (!memoryInLimits) {
    problems.report('memorySize', memorySize, `must be an integer from ${LAMBDA_LIMITS.minMemoryMiB} to ${LAMBDA_LIMITS.maxMemoryMiB} (MiB, Lambda's limits)`);
  } else if (memorySize < defaults.minMemoryMiB) {
    problems.report('memorySize', memorySize, `MiB is below ${defaults.minMemoryMiB} MiB, the floor of ${env} (SRV-01)`);
  }
  const seconds = timeout.toSeconds();
  if (seconds < LAMBDA_LIMITS.minTimeoutSeconds || seconds > LAMBDA_LIMITS.maxTimeoutSeconds) {
    problems.report('timeout', timeout, `must be from ${LAMBDA_LIMITS.minTimeoutSeconds} second to 15 minutes, Lambda's limits`);
  } else if (seconds < defaults.minTimeout.toSeconds()) {
    problems.report('timeout', timeout, `is below ${defaults.minTimeout.toHumanString()}, the floor of ${env} (SRV-01)`);
  }
  if (!Object.values(ServerlessApiType).includes(apiType)) {
    problems.report('apiType', apiType, `must be one of ${Object.values(ServerlessApiType).join(', ')}`);
  }
  if (apiType === ServerlessApiType.HTTP && wantsWaf) {
    problems.report('webAcl', props.webAcl ?? '(default true)',
      'cannot be true with apiType HTTP: API Gateway HTTP APIs cannot be associated with a WAF web ACL (EDGE-03). ' +
      'Use ServerlessApiType.REST, or set webAcl: false and put a CloudFront distribution with a WAF in front of the API');
  }
  const wafRateLimit = props.wafRateLimit ?? 2000;
  problems.integerBetween('wafRateLimit', wafRateLimit, 100, 2_000_000_000, 'requests per 5 minutes');
  const logRetention = props.logRetention ?? defaults.logRetention;
  problems.logRetentionReaches('logRetention', logRetention, alerting.profile);
  for (const [i, origin] of (props.corsAllowOrigins ?? []).entries()) {
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin) && !(env === PlatformEnvironment.DEVELOPMENT && /^http:\/\/localhost(:\d+)?$/.test(origin))) {
      problems.report(`corsAllowOrigins[${i}]`, origin, 'must be an https:// origin without a path (http://localhost only in DEVELOPMENT)');
    }
  }
  for (const name of Object.keys(props.environment ?? {})) {
    if (name === 'APP_SECRET_ARN') problems.report(`environment.${name}`, name, 'is reserved: the construct sets it to the application secret');
  }
  if (props.vpc && functionSubnets(props.vpc).length === 0) {
    problems.report('vpc', props.vpc.node.path, 'has no private subnets: the function must run in private subnets (SRV-01, NET-01)');
  }
  const thresholds = checkThresholds(problems, props.alarmThresholds);
  problems.throwIfAny();
  return { defaults, memorySize, timeout, apiType, wantsWaf, wafRateLimit, logRetention, thresholds };
}

/** The subnets the function runs in: those with a NAT route first (a given VPC may have no endpoints), else isolated ones with endpoints. */
export function functionSubnets(vpc: ec2.IVpc): ec2.ISubnet[] {
  return vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
}
