import { Duration } from 'aws-cdk-lib';
import { assessment, notRecoverable, Recovery, RegionRecoveryFacts, regionSteps, ResourceAssessment, RESTORE_FIX, restoreText } from './achievable-recovery';
import { durationEn, durationJa, sum } from './durations';
import { BACKUP_INTERVALS } from './recovery-estimates';
import { RecoveryObjectives } from './recovery-objectives';
import { LocalizedText } from '../../core/localized-text';

/** The figures the recovery of a DynamoDB table is computed from (DR-01), each with where it comes from. */
export const TABLE_RECOVERY_FIGURES = {
  /**
   * DynamoDB stores every table across three availability zones in its region, so losing a zone or
   * a device loses nothing and interrupts nothing (Amazon DynamoDB Developer Guide, Resilience and
   * disaster recovery in Amazon DynamoDB, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/disaster-recovery-resiliency.html).
   */
  zoneLoss: Duration.seconds(0),
  /**
   * Point-in-time recovery: "LatestRestorableDateTime is typically 5 minutes before the current
   * time" (Amazon DynamoDB API Reference, PointInTimeRecoveryDescription,
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoveryDescription.html).
   */
  pointInTimeRpo: Duration.minutes(5),
  /**
   * Estimate (ours): restoring a small table (a few GB) into a new table, point in time or from an
   * AWS Backup recovery point. DynamoDB gives no restore SLA; the time grows with the table's size
   * and partitions. Replace it with the duration the monthly restore test measures (DR-04).
   */
  restore: Duration.minutes(20),
  /**
   * Estimate (ours): a restore creates a new table, so the damaged items are copied back into the
   * original (which the stack manages and protects from deletion).
   */
  copyBack: Duration.minutes(10),
};

/** What is deployed for a table. */
export interface TableFacts {
  readonly restoreTime: Duration;
  readonly restoreTimeMeasured: boolean;
  readonly region: RegionRecoveryFacts;
}

/** Assesses a table: DynamoDB's own replication, point-in-time restore, restore from cross-region copies. */
export function assessTable(path: string, label: string, facts: TableFacts, objectives: RecoveryObjectives): ResourceAssessment {
  const f = TABLE_RECOVERY_FIGURES;
  const time = restoreText(facts.restoreTime, facts.restoreTimeMeasured);
  const inZone: Recovery = {
    rpo: f.zoneLoss,
    rto: f.zoneLoss,
    mechanism: { en: 'none needed: DynamoDB stores the table across three availability zones', ja: '不要: DynamoDB はテーブルを3つのアベイラビリティーゾーンに保存' },
    rpoFix: '',
    rtoFix: '',
  };
  const software: Recovery = {
    rpo: f.pointInTimeRpo,
    rto: sum(facts.restoreTime, f.copyBack),
    mechanism: {
      en: `point-in-time restore into a new table: restore ${time.en} + copying the damaged items back ${durationEn(f.copyBack)}`,
      ja: `新しいテーブルへのポイントインタイム復元: 復元 ${time.ja} + 破損した項目の書き戻し ${durationJa(f.copyBack)}`,
    },
    rpoFix: 'no restore is closer than the latest restorable time of point-in-time recovery, typically 5 minutes ago',
    rtoFix: RESTORE_FIX,
  };
  return assessment(path, label, objectives, { inZone, software, region: tableRegionRecovery(facts, time) });
}

function tableRegionRecovery(facts: TableFacts, restore: LocalizedText): Recovery {
  const region = facts.region;
  if (!region.copyRegion) return notRecoverable('set copyToRegion on the DrPlan: the daily table backups are copied there (RPO 1 day)');
  const { dns, dnsText, deploy, rtoFix } = regionSteps(region);
  return {
    rpo: BACKUP_INTERVALS.databaseDaily,
    rto: sum(facts.restoreTime, deploy, dns),
    mechanism: {
      en: `restore the latest daily copy in ${region.copyRegion}: restore ${restore.en} + deploying the application ${durationEn(deploy)} + ${dnsText.en}`,
      ja: `${region.copyRegion} の最新の日次コピーから復元: 復元 ${restore.ja} + アプリケーションのデプロイ ${durationJa(deploy)} + ${dnsText.ja}`,
    },
    rpoFix: `copies to ${region.copyRegion} run daily; a region RPO below 1 day needs a DynamoDB global table`,
    rtoFix,
  };
}
