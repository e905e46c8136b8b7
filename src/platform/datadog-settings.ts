import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PagingSystem } from './alerting/paging';
import type { CrossStackImports, SharedValues } from './shared-values';
import { PlatformEnvironment } from '../core/environment';
import { AlarmSeverity } from '../core/severity';
import { PropValidation } from '../core/validation';
import { DatadogConnection } from '../monitoring/datadog/connection';
import { DatadogSite } from '../monitoring/datadog/site';

/**
 * Datadog for a platform (MON-03..07, LOG-03): with it, the platform, its database and every tenant
 * add their Datadog monitors, SLOs, synthetics tests, agent sidecars and log forwarding. Without
 * it, the platform still has its full CloudWatch alarm set.
 */
export interface PlatformDatadogOptions {
  /**
   * Secrets Manager secret with the keys as JSON: `{"apiKey": "...", "appKey": "..."}`. Only the
   * Datadog provider (the custom-resource handler that manages monitors) reads it: the application
   * key can change every monitor and dashboard of the organisation.
   */
  readonly credentials: secretsmanager.ISecret;
  /**
   * A second Secrets Manager secret holding only the API key, as JSON `{"apiKey": "..."}`: the
   * tenants' agent sidecars and log routers read it (and, with `vpcFlowLogForwarding`, Amazon Data
   * Firehose, which reads the field `api_key`: then `{"apiKey": "...", "api_key": "..."}`). It must
   * not be `credentials`: whatever can read a secret reads all of it, and a task that can read the
   * application key can rewrite the organisation's monitors.
   */
  readonly apiKeySecret: secretsmanager.ISecret;
  /**
   * The Datadog site of the organisation.
   * @default DatadogSite.US1
   */
  readonly site?: DatadogSite;
  /**
   * The system that pages on-call for the conditions both CloudWatch and Datadog watch, so one incident
   * pages once (MON-02, MON-03); the other side notifies its warning channel, and what only one side
   * watches still pages from that side. Both choices: README, "One page per incident (MON-02)".
   * @default PagingSystem.DATADOG
   */
  readonly pagingSystem?: PagingSystem;
  /**
   * Notification handles of critical monitors (MON-05).
   * @default ['@pagerduty-platform']
   */
  readonly criticalHandles?: string[];
  /**
   * Notification handles of warnings.
   * @default ['@slack-alerts']
   */
  readonly warningHandles?: string[];
  /**
   * Notification handles of info monitors.
   * @default ['@slack-monitoring']
   */
  readonly infoHandles?: string[];
  /**
   * The `env` of unified service tagging.
   * @default - the platform's environment: development, staging or production
   */
  readonly env?: string;
  /**
   * Whether the platform's VPC flow logs are also shipped to Datadog Log Management (NET-03,
   * LOG-03): a subscription filter on the flow log group feeds an Amazon Data Firehose stream that
   * posts to the site's Firehose intake, authenticated with the `api_key` field of `credentials`
   * (Firehose's Secrets Manager integration: no key in the template). Records Datadog does not
   * accept land in a retained, KMS-encrypted S3 bucket and raise a warning alarm. The flow logs stay
   * in their CloudWatch log group either way. Needs a Datadog site, not a custom API URL.
   * @default false - flow logs stay in CloudWatch only
   */
  readonly vpcFlowLogForwarding?: boolean;
}

const HANDLE = /^@[A-Za-z0-9_.@+-]+$/;

/**
 * A platform's resolved Datadog settings: the connection as each stack must refer to it (tenant
 * stacks import the credentials by export, like every other platform value) and the notification
 * handles per severity.
 */
export class DatadogSettings {
  /** The `env` tag of unified service tagging. */
  public readonly env: string;
  public readonly site?: DatadogSite;
  /** The site host the VPC flow logs are forwarded to, when `vpcFlowLogForwarding` is on (NET-03, LOG-03). */
  public readonly flowLogSite?: string;
  /** Which system pages for what both watch (MON-02, MON-03). */
  public readonly pagingSystem: PagingSystem;
  private readonly handles: Record<AlarmSeverity, string[]>;

  public constructor(
    private readonly platform: CrossStackImports & { readonly environment: PlatformEnvironment },
    private readonly options: PlatformDatadogOptions,
    check: PropValidation,
  ) {
    this.handles = {
      [AlarmSeverity.CRITICAL]: options.criticalHandles ?? ['@pagerduty-platform'],
      [AlarmSeverity.WARNING]: options.warningHandles ?? ['@slack-alerts'],
      [AlarmSeverity.INFO]: options.infoHandles ?? ['@slack-monitoring'],
    };
    for (const [severity, handles] of Object.entries(this.handles)) {
      for (const handle of handles) check.matches(`datadog.${severity}Handles`, handle, HANDLE, 'a Datadog notification handle such as @slack-alerts');
    }
    this.pagingSystem = options.pagingSystem ?? PagingSystem.DATADOG;
    if (!Object.values(PagingSystem).includes(this.pagingSystem)) {
      check.report('datadog.pagingSystem', this.pagingSystem, `is not a paging system; accepted: ${Object.keys(PagingSystem).map(k => `PagingSystem.${k}`).join(', ')}`);
    }
    this.env = options.env ?? platform.environment;
    check.matches('datadog.env', this.env, /^[a-z][a-z0-9_.:/-]{0,199}$/, 'a Datadog tag value');
    // The same secret imported twice has equal ARNs once resolved (`Ref`s and `Fn::Join`s alike).
    const arnOf = (secret: secretsmanager.ISecret) => JSON.stringify(Stack.of(platform).resolve(secret.secretArn));
    if (arnOf(options.apiKeySecret) === arnOf(options.credentials)) {
      check.report('datadog.apiKeySecret', options.apiKeySecret.secretArn, 'is the credentials secret; accepted: a separate secret holding only the API key ' +
        '({"apiKey": "..."}), so agents, log routers and Firehose never read the application key');
    }
    this.site = options.site;
    if (options.vpcFlowLogForwarding) {
      this.flowLogSite = requireSiteHost(this.site, check, 'Amazon Data Firehose needs a Datadog site (DatadogSite.US1, AP1, ...) for its intake; ' +
        'set datadog.vpcFlowLogForwarding to false to keep the flow logs in CloudWatch only');
    }
  }

  /**
   * The handles that notify `severity`, space-separated for a monitor message (MON-05). With
   * CloudWatch paging, a critical monitor `watchedByCloudWatch` (a CloudWatch alarm watches the
   * same condition) notifies the warning handles, so the CloudWatch alarm is the one page (MON-02).
   */
  public notify(severity: AlarmSeverity, watchedByCloudWatch = false): string {
    return this.handles[this.pagedByCloudWatch(severity, watchedByCloudWatch) ? AlarmSeverity.WARNING : severity].join(' ');
  }

  /** Whether CloudWatch pages instead of a `severity` monitor `watchedByCloudWatch` (MON-02), which then notifies the warning handles. */
  public pagedByCloudWatch(severity: AlarmSeverity, watchedByCloudWatch: boolean): boolean {
    return severity === AlarmSeverity.CRITICAL && watchedByCloudWatch && this.pagingSystem === PagingSystem.CLOUDWATCH;
  }

  /** The connection Datadog constructs in `scope`'s stack use. */
  public connectionIn(scope: Construct): DatadogConnection {
    return {
      datadogCredentials: this.credentialsIn(scope),
      site: this.site,
      vpc: this.platform._vpcIn(scope),
      logEncryptionKey: this.platform._keyIn(scope),
    };
  }

  /** The credentials secret as `scope`'s stack refers to it. */
  public credentialsIn(scope: Construct): secretsmanager.ISecret {
    const secret = this.options.credentials;
    if (Stack.of(scope) === Stack.of(this.platform)) return secret;
    const arn = this.platform._value(scope, 'DatadogCredentialsArn');
    return this.platform._cached(scope, 'DatadogCredentials', () => secretsmanager.Secret.fromSecretAttributes(scope, 'DatadogCredentials',
      secret.secretFullArn ? { secretCompleteArn: arn } : { secretPartialArn: arn }));
  }

  /** The API-key-only secret (agents, log routers, Firehose) as `scope`'s stack refers to it. */
  public apiKeySecretIn(scope: Construct): secretsmanager.ISecret {
    const secret = this.options.apiKeySecret;
    if (Stack.of(scope) === Stack.of(this.platform)) return secret;
    const arn = this.platform._value(scope, 'DatadogApiKeySecretArn');
    return this.platform._cached(scope, 'DatadogApiKey', () => secretsmanager.Secret.fromSecretAttributes(scope, 'DatadogApiKey',
      secret.secretFullArn ? { secretCompleteArn: arn } : { secretPartialArn: arn }));
  }

  /** Exports what tenant stacks need. */
  public exportSharedValues(values: SharedValues): void {
    values.export('DatadogCredentialsArn', this.options.credentials.secretArn, 'Secret with the Datadog API and application keys');
    values.export('DatadogApiKeySecretArn', this.options.apiKeySecret.secretArn, 'Secret with the Datadog API key only');
  }
}

/**
 * The host name of `site` (US1 when unset) for an intake that only a real Datadog site has; fails
 * naming the platform prop when `site` is a custom API URL (`DatadogSite.fromApiUrl`), with `why`.
 */
export function requireSiteHost(site: DatadogSite | undefined, check: PropValidation, why: string): string {
  const resolved = site ?? DatadogSite.US1;
  if (resolved.apiUrl !== `https://api.${resolved.name}`) check.report('platform datadog.site', resolved.apiUrl, `is a custom API URL: ${why}`);
  return resolved.name;
}
