import { Duration } from 'aws-cdk-lib';
import { durationEn, durationJa, sum } from './durations';
import { BACKUP_INTERVALS, RECOVERY_FIGURES } from './recovery-estimates';
import { ALL_DISRUPTIONS, BucketDataClass, DisruptionRecovery, DisruptionType, RecoveryObjectives } from './recovery-objectives';
import { LocalizedText, textIn } from '../../core/localized-text';
import { RunbookLocale } from '../../core/runbook-locale';

/** How one disruption is recovered with what is deployed. */
export interface Recovery {
  /** @default - not recoverable */
  readonly rpo?: Duration;
  /** @default - not recoverable */
  readonly rto?: Duration;
  readonly mechanism: LocalizedText;
  /** What would lower the RPO (used when the objective is not met). */
  readonly rpoFix: string;
  /** What would lower the RTO. */
  readonly rtoFix: string;
}

/** What the region-level recovery of every protected resource depends on. */
export interface RegionRecoveryFacts {
  /** The region copies go to. @default - no copies */
  readonly copyRegion?: string;
  /** Time to stand up the platform and tenants in the recovery region. */
  readonly deployTime: Duration;
  /** Whether Route 53 failover records switch DNS automatically. */
  readonly automaticDnsFailover: boolean;
}

/** What is deployed for a database. */
export interface DatabaseFacts {
  readonly multiAz: boolean;
  readonly restoreTime: Duration;
  /** Whether `restoreTime` is the caller's measured value rather than our estimate. */
  readonly restoreTimeMeasured: boolean;
  /** Region of a cross-region read replica. @default - none */
  readonly replicaRegion?: string;
  readonly region: RegionRecoveryFacts;
}

/** What is deployed for a bucket. */
export interface BucketFacts {
  readonly dataClass: BucketDataClass;
  readonly restoreTime: Duration;
  readonly restoreTimeMeasured: boolean;
  /** Whether the bucket replicates to another region with S3 Replication Time Control. */
  readonly replicationTimeControl: boolean;
  readonly region: RegionRecoveryFacts;
}

/** The assessment of one protected resource: one row per disruption type. */
export interface ResourceAssessment {
  /** Construct path of the resource. */
  readonly path: string;
  /** What the resource is, e.g. `RDS instance shared-database`. */
  readonly label: string;
  readonly rows: Array<DisruptionRecovery & { readonly mechanismText: LocalizedText }>;
}

const DISRUPTION_NAMES: Record<DisruptionType, LocalizedText> = {
  [DisruptionType.AVAILABILITY_ZONE]: { en: 'availability zone', ja: 'アベイラビリティーゾーン障害' },
  [DisruptionType.HARDWARE]: { en: 'hardware', ja: 'ハードウェア障害' },
  [DisruptionType.SOFTWARE]: { en: 'software (data corruption)', ja: 'ソフトウェア障害 (データ破損)' },
  [DisruptionType.REGION]: { en: 'region', ja: 'リージョン障害' },
};

/** The name of `disruption` in the report and in error messages. */
export function disruptionName(disruption: DisruptionType): LocalizedText {
  return DISRUPTION_NAMES[disruption];
}

/** Assesses a database: Multi-AZ failover, point-in-time restore, replica promotion, restore from copies. */
export function assessDatabase(path: string, label: string, facts: DatabaseFacts, objectives: RecoveryObjectives): ResourceAssessment {
  const f = RECOVERY_FIGURES;
  const restore = facts.restoreTime;
  const time = restoreText(restore, facts.restoreTimeMeasured);
  const restoreWhat: LocalizedText = { en: `restore ${time.en}`, ja: `復元 ${time.ja}` };
  const pitr: Recovery = {
    rpo: f.pointInTimeRpo,
    rto: sum(restore, f.reconnectTenants),
    mechanism: {
      en: `point-in-time restore from continuous backup to a new instance: ${restoreWhat.en} + switching the tenants ${durationEn(f.reconnectTenants)}`,
      ja: `継続的バックアップから新しいインスタンスへのポイントインタイム復元: ${restoreWhat.ja} + テナントの接続先切替 ${durationJa(f.reconnectTenants)}`,
    },
    rpoFix: 'no backup restores closer than the five-minute transaction-log upload of continuous backup (PITR)',
    rtoFix: RESTORE_FIX,
  };
  const inZone: Recovery = facts.multiAz ? {
    rpo: Duration.seconds(0),
    rto: f.multiAzFailover,
    mechanism: { en: 'Multi-AZ failover to the synchronous standby (60–120 s)', ja: '同期スタンバイへの Multi-AZ フェイルオーバー (60〜120秒)' },
    rpoFix: '',
    rtoFix: 'an RDS Multi-AZ instance fails over in up to 2 minutes; a Multi-AZ DB cluster fails over in under 35 seconds',
  } : {
    ...pitr,
    rpoFix: 'enable multiAz on the database: its synchronous standby loses nothing',
    rtoFix: 'enable multiAz on the database: failover takes 1–2 minutes',
  };
  return assessment(path, label, objectives, { inZone, software: pitr, region: databaseRegionRecovery(facts, restoreWhat) });
}

function databaseRegionRecovery(facts: DatabaseFacts, restoreWhat: LocalizedText): Recovery {
  const f = RECOVERY_FIGURES;
  const region = facts.region;
  const { dns, dnsText, deploy, rtoFix } = regionSteps(region);
  if (facts.replicaRegion) {
    return {
      rpo: f.crossRegionReplicaLag,
      rto: sum(f.replicaPromotion, f.reconnectTenants, deploy, dns),
      mechanism: {
        en: `promote the read replica in ${facts.replicaRegion}: replication lag up to ${durationEn(f.crossRegionReplicaLag)} (estimate); promotion ${durationEn(f.replicaPromotion)} + switching the tenants ${durationEn(f.reconnectTenants)} + deploying the platform ${durationEn(deploy)} + ${dnsText.en}`,
        ja: `${facts.replicaRegion} のリードレプリカを昇格: レプリケーション遅延 最大${durationJa(f.crossRegionReplicaLag)} (見積り); 昇格 ${durationJa(f.replicaPromotion)} + テナントの接続先切替 ${durationJa(f.reconnectTenants)} + プラットフォームのデプロイ ${durationJa(deploy)} + ${dnsText.ja}`,
      },
      rpoFix: 'a cross-region read replica lags asynchronously; nothing deployed loses less in a region disruption',
      rtoFix,
    };
  }
  if (region.copyRegion) {
    const interval = BACKUP_INTERVALS.databaseDaily;
    return {
      rpo: interval,
      rto: sum(facts.restoreTime, f.reconnectTenants, deploy, dns),
      mechanism: {
        en: `restore the latest daily copy in ${region.copyRegion}: ${restoreWhat.en} + switching the tenants ${durationEn(f.reconnectTenants)} + deploying the platform ${durationEn(deploy)} + ${dnsText.en}`,
        ja: `${region.copyRegion} の最新の日次コピーから復元: ${restoreWhat.ja} + テナントの接続先切替 ${durationJa(f.reconnectTenants)} + プラットフォームのデプロイ ${durationJa(deploy)} + ${dnsText.ja}`,
      },
      rpoFix: `a region RPO below 1 day needs a cross-region read replica (crossRegionReplica); copies to ${region.copyRegion} run daily`,
      rtoFix,
    };
  }
  return notRecoverable('set copyToRegion on the DrPlan (daily copies, RPO 1 day) or give the database a crossRegionReplica');
}

/** Assesses a bucket: S3's own redundancy, hourly backups or object versions, copies or replication. */
export function assessBucket(path: string, label: string, facts: BucketFacts, objectives: RecoveryObjectives): ResourceAssessment {
  const f = RECOVERY_FIGURES;
  const zone: Recovery = {
    rpo: f.s3ZoneLoss,
    rto: f.s3ZoneLoss,
    mechanism: { en: 'none needed: S3 stores objects across at least three availability zones', ja: '不要: S3 はオブジェクトを3つ以上のアベイラビリティーゾーンに保存' },
    rpoFix: '',
    rtoFix: '',
  };
  const restoreWhat = restoreText(facts.restoreTime, facts.restoreTimeMeasured);
  const software: Recovery = facts.dataClass === BucketDataClass.CONFIGURATION ? {
    rpo: Duration.seconds(0),
    rto: facts.restoreTime,
    mechanism: {
      en: `restore the previous object versions (every change is a version): ${restoreWhat.en}`,
      ja: `以前のオブジェクトバージョンを復元 (変更ごとにバージョンを保持): ${restoreWhat.ja}`,
    },
    rpoFix: '',
    rtoFix: RESTORE_FIX,
  } : {
    rpo: BACKUP_INTERVALS.applicationDataHourly,
    rto: facts.restoreTime,
    mechanism: {
      en: `restore the latest hourly AWS Backup recovery point: ${restoreWhat.en}`,
      ja: `AWS Backup の最新の1時間ごとの復旧ポイントから復元: ${restoreWhat.ja}`,
    },
    rpoFix: 'backups run hourly; protect it as BucketDataClass.CONFIGURATION to restore object versions (RPO 0) instead',
    rtoFix: RESTORE_FIX,
  };
  return assessment(path, label, objectives, { inZone: zone, software, region: bucketRegionRecovery(facts, restoreWhat) });
}

function bucketRegionRecovery(facts: BucketFacts, restoreWhat: LocalizedText): Recovery {
  const f = RECOVERY_FIGURES;
  const region = facts.region;
  const { dns, dnsText, deploy, rtoFix } = regionSteps(region);
  if (facts.replicationTimeControl) {
    return {
      rpo: f.s3ReplicationTimeControl,
      rto: sum(deploy, dns),
      mechanism: {
        en: `use the replica bucket (S3 Replication Time Control, 15 min): deploying the platform ${durationEn(deploy)} + ${dnsText.en}`,
        ja: `レプリカバケットを使用 (S3 Replication Time Control、15分): プラットフォームのデプロイ ${durationJa(deploy)} + ${dnsText.ja}`,
      },
      rpoFix: 'S3 Replication Time Control replicates within 15 minutes; nothing deployed loses less in a region disruption',
      rtoFix,
    };
  }
  if (region.copyRegion && facts.dataClass === BucketDataClass.APPLICATION_DATA) {
    return {
      rpo: BACKUP_INTERVALS.applicationDataHourly,
      rto: sum(facts.restoreTime, deploy, dns),
      mechanism: {
        en: `restore the latest hourly copy in ${region.copyRegion}: restore ${restoreWhat.en} + deploying the platform ${durationEn(deploy)} + ${dnsText.en}`,
        ja: `${region.copyRegion} の最新の1時間ごとのコピーから復元: 復元 ${restoreWhat.ja} + プラットフォームのデプロイ ${durationJa(deploy)} + ${dnsText.ja}`,
      },
      rpoFix: `copies to ${region.copyRegion} run hourly; S3 Cross-Region Replication with Replication Time Control gets to 15 minutes`,
      rtoFix,
    };
  }
  return notRecoverable(facts.dataClass === BucketDataClass.CONFIGURATION
    ? 'configuration buckets are versioned, not backed up: add S3 Cross-Region Replication with Replication Time Control (RPO 15 minutes) or protect the bucket as BucketDataClass.APPLICATION_DATA with copyToRegion'
    : 'set copyToRegion on the DrPlan (hourly copies, RPO 1 hour) or add S3 Cross-Region Replication with Replication Time Control');
}

/** What every region recovery adds after the data is back: deploying the platform there and switching DNS. */
export function regionSteps(region: RegionRecoveryFacts): { dns: Duration; dnsText: LocalizedText; deploy: Duration; rtoFix: string } {
  const f = RECOVERY_FIGURES;
  const dns = region.automaticDnsFailover
    ? { dns: f.dnsFailover, dnsText: { en: `Route 53 failover ${durationEn(f.dnsFailover)}`, ja: `Route 53 フェイルオーバー ${durationJa(f.dnsFailover)}` } }
    : { dns: f.manualDnsChange, dnsText: { en: `switching DNS by hand ${durationEn(f.manualDnsChange)} (estimate)`, ja: `手動での DNS 切替 ${durationJa(f.manualDnsChange)} (見積り)` } };
  return {
    ...dns,
    deploy: region.deployTime,
    rtoFix: 'add a region failover (addRegionFailover) so DNS switches by itself, keep the recovery region deployed and lower recoveryRegionDeployTime, or relax regionRto',
  };
}

/** The rows of one resource: zone and hardware disruptions share a recovery. */
export function assessment(
  path: string, label: string, objectives: RecoveryObjectives, recoveries: { inZone: Recovery; software: Recovery; region: Recovery },
): ResourceAssessment {
  const byDisruption: Record<DisruptionType, Recovery> = {
    [DisruptionType.AVAILABILITY_ZONE]: recoveries.inZone,
    [DisruptionType.HARDWARE]: recoveries.inZone,
    [DisruptionType.SOFTWARE]: recoveries.software,
    [DisruptionType.REGION]: recoveries.region,
  };
  return { path, label, rows: ALL_DISRUPTIONS.map(disruption => row(label, disruption, objectives, byDisruption[disruption])) };
}

/** How long a restore takes, and whether it was measured. */
export function restoreText(d: Duration, measured: boolean): LocalizedText {
  return measured ? { en: `${durationEn(d)} (measured)`, ja: `${durationJa(d)} (実測)` } : { en: `${durationEn(d)} (estimate)`, ja: `${durationJa(d)} (見積り)` };
}

export const RESTORE_FIX = 'measure the restore with the monthly restore test and set restoreTimeEstimate, or relax the objective';

export function notRecoverable(fix: string): Recovery {
  return {
    mechanism: { en: 'not recoverable: nothing outside the region holds the data', ja: '復旧不可: リージョン外にデータがありません' },
    rpoFix: fix,
    rtoFix: fix,
  };
}

function row(
  label: string, disruption: DisruptionType, objectives: RecoveryObjectives, recovery: Recovery,
): DisruptionRecovery & { mechanismText: LocalizedText } {
  const region = disruption === DisruptionType.REGION;
  const objectiveRpo = region ? objectives.regionRpo : objectives.rpo;
  const objectiveRto = region ? objectives.regionRto : objectives.rto;
  const name = disruptionName(disruption).en;
  const problems: string[] = [];
  const check = (what: 'RPO' | 'RTO', objective: Duration | undefined, achievable: Duration | undefined, fix: string) => {
    if (objective === undefined) return;
    if (achievable === undefined) {
      problems.push(`${label}: ${name} ${what} ${durationEn(objective)} cannot be met: ${textIn(recovery.mechanism, RunbookLocale.EN)}. ${sentence(fix)}`);
    } else if (achievable.toSeconds() > objective.toSeconds()) {
      // An RPO depends on how the data is recovered, an RTO on every step of it.
      const mechanism = textIn(recovery.mechanism, RunbookLocale.EN);
      const how = what === 'RPO' ? `loses up to ${durationEn(achievable)} (${mechanism.split(':')[0]})` : `takes ${durationEn(achievable)} (${mechanism})`;
      problems.push(`${label}: ${name} ${what} ${durationEn(objective)} cannot be met: the best deployed recovery ${how}. ${sentence(fix)}`);
    }
  };
  check('RPO', objectiveRpo, recovery.rpo, recovery.rpoFix);
  check('RTO', objectiveRto, recovery.rto, recovery.rtoFix);
  return {
    disruption,
    achievableRpo: recovery.rpo,
    achievableRto: recovery.rto,
    mechanism: textIn(recovery.mechanism, RunbookLocale.EN),
    mechanismText: recovery.mechanism,
    objectiveRpo,
    objectiveRto,
    problems,
  };
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
