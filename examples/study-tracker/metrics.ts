// StudyTracker's ten custom metrics (seed 004: "custom metrics: 10"), written by the handler as EMF
// lines (app/study_tracker/metrics.py), with alarms where the seed gives a target.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ApplicationMetric } from '../../src';

const count = (name: string, ja: string, en: string): ApplicationMetric => ({ name, unit: cloudwatch.Unit.COUNT, description: { ja, en } });

/** The metrics, in the order of `METRICS` in app/study_tracker/metrics.py. */
export const STUDY_TRACKER_METRICS: ApplicationMetric[] = [
  count('ColdStart', 'コールドスタートの回数', 'Cold starts'),
  {
    name: 'ColdStartSetupTime',
    unit: cloudwatch.Unit.MILLISECONDS,
    description: { ja: 'コールドスタート時のシークレット読み込みとテーブル準備の時間', en: 'Time a cold start spends reading the secret and opening the table' },
    // Seed 004: cold start within 1 second.
    alarm: {
      threshold: 1000,
      period: Duration.minutes(15),
      evaluationPeriods: 1,
      title: { ja: 'コールドスタート準備 1 秒超', en: 'Cold start setup above 1 second' },
    },
  },
  {
    name: 'DatabaseQueryLatency',
    unit: cloudwatch.Unit.MILLISECONDS,
    description: { ja: 'DynamoDB 呼び出し 1 回の所要時間', en: 'Time of one DynamoDB call' },
    // Seed 004: database queries within 100 ms.
    alarm: {
      threshold: 100,
      evaluationPeriods: 3,
      title: { ja: 'DB クエリ平均 100 ms 超', en: 'Database query latency above 100 ms' },
    },
  },
  count('SessionsCreated', '記録された学習セッション', 'Study sessions recorded'),
  count('StudyMinutesRecorded', '記録された学習時間 (分)', 'Study minutes recorded'),
  count('SessionsListed', 'セッション一覧の取得', 'Session lists read'),
  count('SessionsRead', 'セッションの取得', 'Sessions read'),
  count('SessionsDeleted', '削除されたセッション', 'Sessions deleted'),
  count('SessionsNotFound', '存在しないセッションへのアクセス', 'Requests for a session that does not exist'),
  count('ValidationErrors', '入力検証で拒否したリクエスト (422)', 'Requests refused by validation (422)'),
];
