import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import {
  DatabaseRunbookSections, DeploymentTopology, PlatformEnvironment, PlatformRunbookSections, TenantServiceAutomation,
  TenantServiceRunbookSections, TopologyNodeKind,
} from '../../src';
import { databaseFixture, platformFixture, tempDir, tenantFixture } from '../support/runbook-fixtures';
import { alarmsWithoutRunbookSection, anchorsOf, runbookPlaceholders, shellBlocks } from '../support/runbooks';

/** Synthesizes a platform with a database and two tenants, every contribution made through the public API. */
function synthesizeDeployment(): { outdir: string; read: (locale: string, file: string) => string } {
  const outdir = tempDir();
  const app = new App({ outdir });
  const platform = platformFixture(app);
  const db = databaseFixture(platform);
  PlatformRunbookSections.addTo(platform.stack, {
    environment: PlatformEnvironment.PRODUCTION,
    cluster: platform.cluster,
    loadBalancers: [platform.alb],
    criticalTopic: platform.criticalTopic,
    certificate: platform.certificate,
    datadog: true,
  });
  DatabaseRunbookSections.addTo(platform.stack, { instance: db, multiAz: true, secret: db.secret, platformStack: platform.stack });
  const topology = DeploymentTopology.of(app);
  topology.addNode(platform.cluster, { kind: TopologyNodeKind.PLATFORM, label: { ja: 'ECS クラスタ', en: 'ECS cluster' } });
  topology.addNode(platform.alb, { kind: TopologyNodeKind.LOAD_BALANCER, label: { ja: 'ALB シャード 1', en: 'ALB shard 1' } });
  topology.addNode(db, { kind: TopologyNodeKind.DATABASE, label: { ja: 'PostgreSQL "main"', en: 'PostgreSQL "main"' } });
  const automation = new TenantServiceAutomation(platform.stack, 'Automation', { cluster: platform.cluster });
  for (const [i, tenantId] of ['acme', 'globex'].entries()) {
    const tenant = tenantFixture(app, platform, tenantId, 10 + i);
    TenantServiceRunbookSections.addTo(tenant.stack, {
      tenantId,
      service: tenant.service,
      logGroup: tenant.logGroup,
      targetGroup: tenant.targetGroup,
      hostHeader: `${tenantId}.example.com`,
      automation,
      minCapacity: 2,
      maxCapacity: 10,
      platformStack: platform.stack,
    });
    topology.addNode(tenant.service, { kind: TopologyNodeKind.TENANT, label: { ja: `テナント ${tenantId}`, en: `Tenant ${tenantId}` } });
    topology.connect(platform.alb, tenant.service, { label: { ja: 'HTTPS (ホスト名)', en: 'HTTPS (host name)' } });
    topology.connect(tenant.service, db);
  }
  app.synth();
  return { outdir, read: (locale, file) => fs.readFileSync(path.join(outdir, 'runbooks', locale, file), 'utf8') };
}

const deployment = synthesizeDeployment();

test('OPS-06: synth writes one runbook per stack and an index in each locale', () => {
  for (const locale of ['ja', 'en']) {
    expect(fs.readdirSync(path.join(deployment.outdir, 'runbooks', locale)).sort())
      .toEqual(['README.md', 'Shared.md', 'Tenant-acme.md', 'Tenant-globex.md']);
  }
  const index = JSON.parse(fs.readFileSync(path.join(deployment.outdir, 'runbooks', 'index.json'), 'utf8'));
  expect(index.runbooks.map((r: any) => r.stackName)).toEqual(['Shared', 'Tenant-acme', 'Tenant-globex']);
});

test('OPS-06: every section is present in both locales, with the locale\'s own text', () => {
  for (const file of ['Shared.md', 'Tenant-acme.md']) {
    const ja = anchorsOf(path.join(deployment.outdir, 'runbooks', 'ja', file));
    const en = anchorsOf(path.join(deployment.outdir, 'runbooks', 'en', file));
    expect(ja.size).toBeGreaterThan(2);
    expect([...ja]).toEqual([...en]);
  }
  expect(deployment.read('ja', 'Shared.md')).toContain('### 障害レベルと障害対応フロー');
  expect(deployment.read('en', 'Shared.md')).toContain('### Incident levels and incident flow');
  expect(deployment.read('ja', 'Shared.md')).not.toContain('Incident levels and incident flow');
});

test('OPS-01, OPS-05: the platform runbook has the incident levels, escalation and periodic tasks', () => {
  const ja = deployment.read('ja', 'Shared.md');
  expect(ja).toContain('| Critical | サービス全停止 | 即時対応 | 1時間以内に復旧 |');
  expect(ja).toContain('| High | 主要機能停止 | 1時間以内に対応 | 4時間以内に復旧 |');
  expect(ja).toContain('| E2 | 30分以内に解決しない | チームリード |');
  expect(ja).toContain('| E3 | 1時間以内に解決しない | システムアーキテクト |');
  expect(ja).toContain('| E4 | クリティカル障害 | CTO/経営層 |');
  for (const anchor of ['periodic-daily', 'periodic-weekly', 'periodic-monthly', 'periodic-quarterly']) expect(ja).toContain(`<a id="${anchor}"></a>`);
  for (const task of ['バックアップ成功確認', 'バックアップリストアテスト', 'セキュリティパッチ適用', 'アクセス権限レビュー', 'キャパシティレビュー', '証明書更新確認', 'State 整合性確認', 'モニター棚卸し']) {
    expect(ja).toContain(task);
  }
});

test('OPS-03/OPS-04: checklists carry the seed criteria and the staged rollout names the real tenant stacks', () => {
  const en = deployment.read('en', 'Shared.md');
  expect(en).toContain('coverage ≥ 80 %');
  expect(en).toContain('0 Critical, 0 High');
  expect(en).toContain('P99 < 500 ms (0.5 s) and error rate (5XX ÷ requests) < 1 %');
  expect(en).toContain('| Error rate (5XX ÷ requests) | > 5 % | 5 min | Roll back a deployment in progress |');
  expect(en).toContain('TENANT_STACKS=(Tenant-acme Tenant-globex)');
  expect(en).toContain('npx cdk deploy --concurrency 3 "${TENANT_STACKS[@]:0:3}"');
  expect(en).toContain('npx cdk deploy --concurrency 3 "${TENANT_STACKS[@]:50:50}"');
  expect(en).toContain('npx tenant-platform datadog drift --app cdk.out');
});

test('commands look up real resources by their logical ids in the real stacks', () => {
  const template = JSON.parse(fs.readFileSync(path.join(deployment.outdir, 'Shared.template.json'), 'utf8'));
  const clusterId = Object.keys(template.Resources).find(id => template.Resources[id].Type === 'AWS::ECS::Cluster');
  const tenant = deployment.read('en', 'Tenant-acme.md');
  expect(tenant).toContain(`CLUSTER=$(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id ${clusterId} --query StackResourceDetail.PhysicalResourceId --output text)`);
  expect(tenant).toMatch(/SERVICE=\$\(aws cloudformation describe-stack-resource --stack-name Tenant-acme --logical-resource-id ServiceD69D759B /);
  expect(tenant).toContain('aws ssm start-automation-execution --document-name Shared-Automation-RollbackService --parameters "ClusterName=$CLUSTER,ServiceName=${SERVICE##*/},DryRun=true"');
  expect(tenant).toContain('curl -fsS -o /dev/null -w "%{http_code} %{time_total}s\\n" https://acme.example.com/health');
});

test('no command in any runbook contains placeholder text', () => {
  expect(runbookPlaceholders(path.join(deployment.outdir, 'runbooks'))).toEqual([]);
  const blocks = shellBlocks(deployment.read('ja', 'Shared.md'));
  expect(blocks.length).toBeGreaterThan(20);
});

test('MON-08: every alarm description links to a section present in both locales', () => {
  expect(alarmsWithoutRunbookSection(deployment.outdir)).toEqual([]);
  const template = JSON.parse(fs.readFileSync(path.join(deployment.outdir, 'Tenant-acme.template.json'), 'utf8'));
  const alarm = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::CloudWatch::Alarm');
  expect(alarm.Properties.AlarmDescription).toBe('CRITICAL [MON-01] CPU above 85 %. Runbook: runbooks/en/Tenant-acme.md#alarm-acme-cpu-critical');
});

test('alarm sections read the alarm\'s real metric and threshold and escalate by severity', () => {
  const ja = deployment.read('ja', 'Tenant-acme.md');
  expect(ja).toContain('| 監視対象 | `AWS/ECS CPUUtilization` (Average; ClusterName, ServiceName) |');
  expect(ja).toContain('| 発報条件 | ≥ 85, 2/2 × 60s |');
  expect(ja).toContain('--namespace AWS/ECS --metric-name CPUUtilization --dimensions $DIMENSIONS --statistics Average --period 60');
  expect(ja).toContain('30分以内に解決しない場合はチームリード (E2)');
  expect(ja).toContain('[エスカレーションフロー](./Shared.md#escalation)');
});

test('the index draws the deployment as a Mermaid diagram', () => {
  const index = deployment.read('en', 'README.md');
  const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(index)?.[1];
  expect(mermaid).toBeDefined();
  expect(mermaid).toContain('flowchart LR');
  expect(mermaid).toContain('subgraph n_Shared["Shared"]');
  expect(mermaid).toContain('n_Shared_Database[("PostgreSQL #quot;main#quot;")]');
  expect(mermaid).toContain('n_Shared_Alb{{"ALB shard 1"}}');
  expect(mermaid).toContain('n_Tenant_acme_Service(["Tenant acme"])');
  expect(mermaid).toContain('n_Shared_Alb -->|"HTTPS (host name)"| n_Tenant_acme_Service');
  expect(mermaid).toContain('n_Tenant_globex_Service --> n_Shared_Database');
  expect(deployment.read('ja', 'README.md')).toContain('n_Tenant_acme_Service(["テナント acme"])');
  expect(index).toContain('| [Tenant-acme](./Tenant-acme.md) | `ap-northeast-1` | `123456789012` | 6 |');
});
