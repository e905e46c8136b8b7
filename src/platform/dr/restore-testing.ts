import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/** Props of `RestoreTesting`. */
export interface RestoreTestingProps {
  readonly vault: backup.IBackupVault;
  /** The role AWS Backup assumes to restore the test resources. */
  readonly role: iam.IRole;
  /** Physical name of the plan: letters, digits and underscores. */
  readonly planName: string;
  /**
   * The VPC restored test databases are placed in (isolated subnets, no ingress).
   * @default - none: databases cannot be restore-tested
   */
  readonly vpc?: ec2.IVpc;
  /** Hours a restored resource is kept for validation before AWS Backup deletes it. */
  readonly validationWindow: Duration;
}

/** The resource types AWS Backup restore testing supports that DrPlan protects. */
export enum RestoreTestResourceType {
  RDS = 'RDS',
  S3 = 'S3',
  DYNAMODB = 'DynamoDB',
}

/** Construct id and physical name of the selection of each type. */
const SELECTION_NAMES: Record<RestoreTestResourceType, { readonly id: string; readonly physical: string }> = {
  [RestoreTestResourceType.RDS]: { id: 'Databases', physical: 'databases' },
  [RestoreTestResourceType.S3]: { id: 'Buckets', physical: 'buckets' },
  [RestoreTestResourceType.DYNAMODB]: { id: 'Tables', physical: 'tables' },
};

/**
 * The monthly AWS Backup restore test (DR-04): on the first Monday at 01:00 UTC (10:00 JST) AWS Backup restores the latest recovery
 * point of every protected resource, keeps it for the validation window, then deletes it. One
 * selection per resource type, created when the first resource of the type is protected. Restored
 * databases land in the platform's isolated subnets behind a security group that admits nothing.
 */
export class RestoreTesting extends Construct {
  /** The schedule, as AWS Backup reads it. */
  public static readonly SCHEDULE = 'cron(0 1 ? * MON#1 *)';
  public readonly plan: backup.CfnRestoreTestingPlan;
  private readonly arns = new Map<RestoreTestResourceType, string[]>();

  public constructor(scope: Construct, id: string, private readonly props: RestoreTestingProps) {
    super(scope, id);
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Resource', {
      restoreTestingPlanName: props.planName,
      scheduleExpression: RestoreTesting.SCHEDULE,
      startWindowHours: 8,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vault.backupVaultArn],
        // CONTINUOUS exercises the point-in-time restore the database runbook relies on.
        recoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'],
        selectionWindowDays: 7,
      },
    });
  }

  /** Tests the restore of the resource `arn` of `type` every month. */
  public add(type: RestoreTestResourceType, arn: string): void {
    let arns = this.arns.get(type);
    if (!arns) {
      this.arns.set(type, arns = []);
      this.createSelection(type, arns);
    }
    arns.push(arn);
  }

  /** The types tested so far. */
  public get types(): RestoreTestResourceType[] {
    return [...this.arns.keys()];
  }

  private createSelection(type: RestoreTestResourceType, arns: string[]): void {
    const name = SELECTION_NAMES[type];
    const selection = new backup.CfnRestoreTestingSelection(this, name.id, {
      restoreTestingPlanName: this.props.planName,
      restoreTestingSelectionName: name.physical,
      protectedResourceType: type,
      // AWS Backup accepts up to 30 ARNs per selection.
      protectedResourceArns: Lazy.list({ produce: () => arns }),
      iamRoleArn: this.props.role.roleArn,
      validationWindowHours: this.props.validationWindow.toHours(),
      restoreMetadataOverrides: type === RestoreTestResourceType.RDS ? this.databaseOverrides() : undefined,
    });
    selection.addResourceDependency(this.plan);
    selection.node.addValidation({
      validate: () => arns.length > 30 ? [`restore testing selection ${type} lists ${arns.length} resources; AWS Backup accepts at most 30`] : [],
    });
  }

  /**
   * Without overrides AWS Backup restores a test database into the default VPC, which production
   * accounts often do not have; the restore then fails every month.
   */
  private databaseOverrides(): Record<string, string> {
    const vpc = this.props.vpc;
    if (!vpc) throw new Error(`${this.node.path}: restore-testing a database needs the VPC to restore it into`);
    const subnets = new rds.SubnetGroup(this, 'DatabaseSubnets', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: `${this.node.path}: isolated subnets for restore-tested databases`,
    });
    const securityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc,
      description: `${this.node.path}: restore-tested databases, no ingress`,
      allowAllOutbound: false,
    });
    return {
      dbsubnetgroupname: subnets.subnetGroupName,
      vpcsecuritygroupids: Stack.of(this).toJsonString([securityGroup.securityGroupId]),
    };
  }
}
