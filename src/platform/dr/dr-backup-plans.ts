import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { physicalName } from './physical-name';

/** Props of `DrBackupPlans`. */
export interface DrBackupPlansProps {
  readonly vault: backup.IBackupVault;
  /** The vault in the recovery region that daily and hourly recovery points are copied to. @default - no copies */
  readonly copyVault?: backup.IBackupVault;
  /** The role AWS Backup assumes for every selection. */
  readonly role: iam.IRole;
  /** Prefix of the plan names, e.g. `SaasPlatform-Shared-Dr`. */
  readonly namePrefix: string;
  readonly databaseRetention: Duration;
  readonly applicationDataRetention: Duration;
  /** UTC hour the daily database backup is due. */
  readonly dailyBackupHourUtc: number;
}

/** One rule of a plan, as the vault lock and the runbooks need to know it. */
export interface DrBackupRule {
  readonly plan: string;
  readonly rule: string;
  readonly retention: Duration;
  readonly copied: boolean;
}

/** AWS Backup limits continuous backups (point-in-time recovery) to 35 days. */
const MAX_CONTINUOUS_RETENTION = Duration.days(35);

/**
 * The AWS Backup plans of a `DrPlan` (DR-02), one per data class because AWS Backup applies every rule
 * of a plan to every resource selected into it, each created when the first resource of its class is
 * protected: databases (continuous + daily), application data (hourly), tables (daily), copied to the
 * recovery region. Configuration buckets rely on S3 versioning. Retention: README, "Constructs".
 */
export class DrBackupPlans extends Construct {
  private databasePlan?: backup.BackupPlan;
  private applicationDataPlan?: backup.BackupPlan;
  private tablePlan?: backup.BackupPlan;
  private readonly ruleList: DrBackupRule[] = [];

  public constructor(scope: Construct, id: string, private readonly props: DrBackupPlansProps) {
    super(scope, id);
  }

  /** Selects `resource` into the database plan. */
  public addDatabase(selectionName: string, resource: backup.BackupResource): void {
    this.select(this.databasePlan ??= this.createDatabasePlan(), selectionName, resource);
  }

  /** Selects `resource` into the application-data plan. */
  public addApplicationData(selectionName: string, resource: backup.BackupResource): void {
    this.select(this.applicationDataPlan ??= this.createApplicationDataPlan(), selectionName, resource);
  }

  /** Selects `resource` into the table plan. */
  public addTable(selectionName: string, resource: backup.BackupResource): void {
    this.select(this.tablePlan ??= this.createTablePlan(), selectionName, resource);
  }

  /** The rules created so far. */
  public get rules(): readonly DrBackupRule[] {
    return this.ruleList;
  }

  /** The physical name of the database plan. */
  public get databasePlanName(): string {
    return `${this.props.namePrefix}-Database`;
  }

  /** The physical name of the application-data plan. */
  public get applicationDataPlanName(): string {
    return `${this.props.namePrefix}-ApplicationData`;
  }

  private createDatabasePlan(): backup.BackupPlan {
    const p = this.props;
    const plan = new backup.BackupPlan(this, 'Database', { backupPlanName: this.databasePlanName, backupVault: p.vault });
    const continuousRetention = p.databaseRetention.toDays() > MAX_CONTINUOUS_RETENTION.toDays() ? MAX_CONTINUOUS_RETENTION : p.databaseRetention;
    // The continuous rule is due an hour after the snapshot rule, so the two jobs never compete
    // for the same instance at the same time.
    this.addRule(plan, this.databasePlanName, new backup.BackupPlanRule({
      ruleName: 'Continuous',
      enableContinuousBackup: true,
      deleteAfter: continuousRetention,
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: String((p.dailyBackupHourUtc + 1) % 24) }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
    }), false);
    this.addRule(plan, this.databasePlanName, this.dailyRule(), !!p.copyVault);
    return plan;
  }

  private createApplicationDataPlan(): backup.BackupPlan {
    const p = this.props;
    const plan = new backup.BackupPlan(this, 'ApplicationData', { backupPlanName: this.applicationDataPlanName, backupVault: p.vault });
    this.addRule(plan, this.applicationDataPlanName, new backup.BackupPlanRule({
      ruleName: 'Hourly',
      deleteAfter: p.applicationDataRetention,
      scheduleExpression: events.Schedule.cron({ minute: '0' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(2),
      copyActions: p.copyVault ? [{ destinationBackupVault: p.copyVault, deleteAfter: p.applicationDataRetention }] : undefined,
    }), !!p.copyVault);
    return plan;
  }

  /**
   * Tables: a daily backup kept like the database snapshots and copied with them. Point-in-time
   * recovery is the table's own setting (DynamoDB's continuous backups), so the plan has no continuous rule.
   */
  private createTablePlan(): backup.BackupPlan {
    const p = this.props;
    const name = `${p.namePrefix}-Table`;
    const plan = new backup.BackupPlan(this, 'Table', { backupPlanName: name, backupVault: p.vault });
    this.addRule(plan, name, this.dailyRule(), !!p.copyVault);
    return plan;
  }

  /** The daily rule of databases and tables: due at `dailyBackupHourUtc`, kept `databaseRetention`, copied to the copy vault. */
  private dailyRule(): backup.BackupPlanRule {
    const p = this.props;
    return new backup.BackupPlanRule({
      ruleName: 'Daily',
      deleteAfter: p.databaseRetention,
      scheduleExpression: events.Schedule.cron({ minute: '0', hour: String(p.dailyBackupHourUtc) }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      copyActions: p.copyVault ? [{ destinationBackupVault: p.copyVault, deleteAfter: p.databaseRetention }] : undefined,
    });
  }

  private addRule(plan: backup.BackupPlan, planName: string, rule: backup.BackupPlanRule, copied: boolean): void {
    plan.addRule(rule);
    this.ruleList.push({ plan: planName, rule: rule.props.ruleName!, retention: rule.props.deleteAfter!, copied });
  }

  private select(plan: backup.BackupPlan, selectionName: string, resource: backup.BackupResource): void {
    const name = physicalName([selectionName], 50, '-');
    plan.addSelection(name, {
      backupSelectionName: name,
      resources: [resource],
      role: this.props.role,
      // The DrPlan's role carries the policies it needs; the default would attach them again per selection.
      disableDefaultBackupPolicy: true,
    });
  }
}
