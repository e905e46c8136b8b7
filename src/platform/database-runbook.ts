import { Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import type { ITenantPlatform } from './platform-context';
import { DatabaseRunbookSections } from './runbooks/database-sections';
import { TopologyNodeKind } from '../runbooks/deployment-topology';
import { DeploymentTopology } from '../runbooks/runbook';
import { anchorWords, RunbookLink } from '../runbooks/runbook-section';

/** What the runbook reads of a database. */
export interface DatabaseRunbookSubject extends IConstruct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly instanceIdentifier: string;
  readonly multiAz: boolean;
  readonly platform: ITenantPlatform;
}

/** Adds the database's runbook sections (DB-01, DB-02, DB-05) and its node of the deployment topology (OPS-01). */
export function addDatabaseRunbook(db: DatabaseRunbookSubject): void {
  DatabaseRunbookSections.addTo(db, {
    instance: db.instance,
    multiAz: db.multiAz,
    secret: db.secret,
    anchorPrefix: anchorPrefix(db),
    platformStack: Stack.of(db.platform),
    maintenanceWindow: db.platform.maintenanceWindow,
  });
  DeploymentTopology.of(db).addNode(db.instance, {
    kind: TopologyNodeKind.DATABASE,
    label: {
      ja: `PostgreSQL ${db.instanceIdentifier} (${db.multiAz ? 'Multi-AZ' : 'Single-AZ'})`,
      en: `PostgreSQL ${db.instanceIdentifier} (${db.multiAz ? 'Multi-AZ' : 'single-AZ'})`,
    },
  });
}

/** Links from the alarm sections of the database `db` to its procedures. */
export function databaseRunbookLinks(db: IConstruct): RunbookLink[] {
  return [
    { text: { ja: 'データベース接続エラーの切り分け', en: 'Database connection errors' }, anchor: `${anchorPrefix(db)}-connection` },
    { text: { ja: 'データベースのフェイルオーバー確認', en: 'Database failover check' }, anchor: `${anchorPrefix(db)}-failover` },
  ];
}

/** Prefix of the database's section anchors: its construct id in kebab case (`database`). */
function anchorPrefix(db: IConstruct): string {
  return anchorWords(db.node.id);
}
