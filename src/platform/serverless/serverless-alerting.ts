import { Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { EnvironmentProfile, EnvironmentProfiles, PlatformEnvironment } from '../../core/environment';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems } from '../../core/validation';
import { AlarmFactory, AlarmRouting } from '../../monitoring/alarm-factory';
import { PlatformNotifications } from '../../monitoring/notifications';
import { checkNotifications, SeverityTopics } from '../../monitoring/severity-topics';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook, RunbookCatalog } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSectionKind } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { ALARMS_IN_ALARM } from '../../runbooks/sections/shell';
import { IRecoveryHost } from '../dr/recovery-host';
import { tagForCostAllocation } from '../operations/cost-allocation';
import { PlatformBudget } from '../operations/platform-budget';
import { PlatformKey } from '../platform-key';
import { escalationSection, incidentLevelsTable } from '../runbooks/incident-sections';

/** Props of `ServerlessAlerting`. */
export interface ServerlessAlertingProps {
  /** The profile that sets every default of the serverless constructs using this alerting. */
  readonly environment: PlatformEnvironment;
  /** Who is told about alarms of each severity (MON-02); production needs a critical subscriber. */
  readonly notifications: PlatformNotifications;
  /**
   * Whether this alerting owns the application's AWS Budgets cost budget (SRV-04, MON-09), which
   * alerts the warning topic at 80 % and the critical topic at 110 % of actual cost. Give one
   * alerting of the application the budget; include other stacks with `includeInBudget`.
   * @default true
   */
  readonly budget?: boolean;
  /**
   * The monthly cost budget in USD.
   * @default - the profile's (100 in DEVELOPMENT, 400 in PRODUCTION); set the application's own figure
   */
  readonly monthlyBudgetUsd?: number;
  /**
   * Address the generated runbooks folder is published at; alarm descriptions link
   * `<base>/en/<stack>.md#<alarm>` (MON-08).
   * @default - the context value `cdk-tenant-platform:runbookBaseUrl`, else a path relative to the cloud assembly
   */
  readonly runbookBaseUrl?: string;
}

/**
 * Alarm routing for a serverless application, which has no `TenantPlatform` (SRV-04, MON-02): a
 * customer-managed key for its log groups and topics, one encrypted SNS topic per severity with its
 * subscribers, the AWS Budgets cost budget, and the incident-level and escalation sections every
 * alarm section of the stack's runbook links to. Create one per stack (alarms notify topics of
 * their own region). Usage: README, "Serverless applications".
 */
export class ServerlessAlerting extends Construct implements IRecoveryHost {
  public readonly environment: PlatformEnvironment;
  /** Defaults and floors of the environment. */
  public readonly profile: EnvironmentProfile;
  /** Customer-managed key of the application's log groups and alarm topics (LOG-02). */
  public readonly encryptionKey: kms.IKey;
  /** The monthly cost budget, when this alerting owns it (SRV-04). */
  public readonly budget?: budgets.CfnBudget;
  private readonly topics: SeverityTopics;

  public constructor(scope: Construct, id: string, props: ServerlessAlertingProps) {
    super(scope, id);
    const check = new PropProblems(this.node.path);
    this.environment = props.environment;
    this.profile = EnvironmentProfiles.of(props.environment);
    const baseUrl = props.runbookBaseUrl?.replace(/\/+$/, '');
    if (baseUrl !== undefined) check.matches('runbookBaseUrl', baseUrl, /^https?:\/\/\S+$/, 'an http(s) address');
    checkNotifications(check, props.notifications, props.environment === PlatformEnvironment.PRODUCTION);
    const budget = props.budget ?? true;
    if (!budget && props.monthlyBudgetUsd !== undefined) {
      check.report('monthlyBudgetUsd', props.monthlyBudgetUsd, 'is set, but budget is false: give the budget to the alerting that owns it');
    }
    check.throwIfAny();

    if (baseUrl !== undefined) RunbookCatalog.of(this).configure({ baseUrl });
    this.encryptionKey = new PlatformKey(this, 'Key').key;
    this.topics = new SeverityTopics(this, 'Alarms', {
      notifications: props.notifications,
      encryptionKey: this.encryptionKey,
      requireCriticalSubscriber: props.environment === PlatformEnvironment.PRODUCTION,
    });
    if (budget) {
      // Budgets are account-wide: this stack's resources (and those of stacks passed to includeInBudget) carry the tag it filters by.
      tagForCostAllocation(this, this);
      this.budget = new PlatformBudget(this, 'Budget', this, { monthlyBudgetUsd: props.monthlyBudgetUsd }).budget;
    }
    this.addRunbookSections();
  }

  /** The topic alarms of `severity` notify (MON-02). */
  public alarmTopic(severity: AlarmSeverity): sns.ITopic {
    return this.topics.topicFor(severity);
  }

  /** The topic alarms of `severity` notify; `scope` must be in this alerting's stack (MON-02). */
  public alarmTopicFor(scope: Construct, severity: AlarmSeverity): sns.ITopic {
    this.checkSameStack(scope);
    return this.topics.topicFor(severity);
  }

  /** ARN of the key of the alarm topics; `scope` must be in this alerting's stack (LOG-02). */
  public alarmTopicKeyArnFor(scope: Construct): string {
    this.checkSameStack(scope);
    return this.encryptionKey.keyArn;
  }

  /** The address of the runbook section `anchor` of `scope`'s stack (MON-08). */
  public runbookLinkFor(scope: Construct, anchor: string): string {
    return Runbook.linkFor(scope, anchor);
  }

  /**
   * Counts `scope`'s stack in this alerting's budget (SRV-04): tags every resource of that stack
   * with this application's cost allocation tag, e.g. the us-east-1 stack of a `StaticSite`.
   */
  public includeInBudget(scope: IConstruct): void {
    if (!this.budget) throw new Error(`${this.node.path} has no budget (budget: false); include ${scope.node.path} in the budget of the alerting that owns it`);
    tagForCostAllocation(scope, this);
  }

  /**
   * The factory every serverless construct makes its alarms with: routed to this alerting's topics,
   * each with its runbook section (MON-02, MON-08). Only for constructs in this alerting's stack.
   *
   * @internal
   */
  public _alarmsFor(scope: Construct): AlarmFactory {
    this.checkSameStack(scope);
    return new AlarmFactory(scope, this.routing);
  }

  private checkSameStack(scope: Construct): void {
    if (Stack.of(scope) !== Stack.of(this)) {
      throw new Error(`${scope.node.path}: alerting ${this.node.path} is in stack ${Stack.of(this).stackName}; ` +
        `alarms of stack ${Stack.of(scope).stackName} need a ServerlessAlerting of their own stack (an alarm notifies topics of its own region)`);
    }
  }

  private get routing(): AlarmRouting {
    return {
      operatingRulesStack: Stack.of(this),
      topicFor: (_scope, severity) => this.topics.topicFor(severity),
      runbookLink: (scope, anchor) => Runbook.linkFor(scope, anchor),
    };
  }

  /** Incident levels and escalation: the operating rules every alarm section links to (OPS-01). */
  private addRunbookSections(): void {
    const runbook = Runbook.of(this);
    runbook.addSection({
      anchor: PLATFORM_ANCHORS.incidentLevels,
      kind: RunbookSectionKind.POLICY,
      title: { ja: '障害レベルと障害対応フロー', en: 'Incident levels and incident flow' },
      whenToUse: {
        ja: 'アラームまたはユーザー報告で障害を検知したとき。最初に障害レベルを判定し、対応時間の目標 (MTTR 30 分以内) を確認します。',
        en: 'An alarm or a user report tells you something is broken. Decide the incident level first; it sets the response and recovery times (MTTR target 30 minutes).',
      },
      table: incidentLevelsTable(),
      steps: [
        {
          text: { ja: '障害検知: ALARM 状態のアラームを一覧し、どのコンポーネント (API、関数、テーブル、サイト) か把握します。', en: 'Detect: list the alarms in ALARM state and see which component (API, function, table, site) they concern.' },
          commands: [RunbookCommand.of(ALARMS_IN_ALARM)],
          expected: {
            ja: 'アラーム名の先頭はスタック名です。各アラームの説明にある Runbook のリンク先の手順に進みます。',
            en: 'Alarm names start with their stack name. Continue with the section each alarm description links to (Runbook: ...).',
          },
        },
        {
          text: { ja: '関係者通知: Slack #incidents に障害レベル、影響範囲、開始時刻を投稿します。', en: 'Notify: post the level, impact and start time in Slack #incidents.' },
        },
        {
          text: { ja: '暫定対応: 直前のデプロイが原因なら前のバージョンを再デプロイし、スロットリングなら同時実行数またはテーブル容量を引き上げます。', en: 'Mitigate: redeploy the previous version if the last deployment caused it; raise concurrency or table capacity when throttled.' },
        },
        {
          text: { ja: '報告書作成: 検知時刻、影響、原因、対応、復旧時刻 (MTTR 目標 30 分以内) を記録し、再発防止策を決めます。', en: 'Report: record detection time, impact, cause, actions and recovery time (MTTR target 30 minutes), and decide how to prevent a recurrence.' },
        },
      ],
      escalation: {
        ja: 'エスカレーションフローに従います。Critical はオンコールエンジニアが即時に対応を開始します。',
        en: 'Follow the escalation flow. For Critical, the on-call engineer starts at once.',
      },
      links: [{ text: { ja: 'エスカレーションフロー', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation }],
      requirements: ['OPS-01'],
    });
    const criticalTopic = { CRITICAL_TOPIC: ResourceLookup.physicalId(this.topics.topicFor(AlarmSeverity.CRITICAL)) };
    runbook.addSection(escalationSection({ criticalTopic }));
  }
}
