// The monthly fixed cost of what the study-tracker example provisions, read from the synthesized
// templates and priced with the list prices below, against seed 004's budgets (SRV-04).
import * as fs from 'fs';
import * as path from 'path';

/** When and where the prices below were read. */
export const PRICES_SOURCE = {
  asOf: '2025-08-03 (the date of seed 004)',
  note: 'AWS public on-demand list prices, USD, without tax. Read from the AWS pricing pages below; this repository\'s CI has no network, ' +
    'so they are not fetched at build time: check them in the AWS Pricing Calculator before committing to a budget.',
};

/** One list price. */
export interface ListPrice {
  readonly item: string;
  readonly usd: number;
  readonly unit: string;
  readonly region: string;
  readonly source: string;
}

const HOURS_PER_MONTH = 730;

export const PRICES = {
  interfaceEndpointHour: { item: 'VPC interface endpoint (PrivateLink), per AZ', usd: 0.014, unit: 'hour', region: 'ap-northeast-1', source: 'https://aws.amazon.com/privatelink/pricing/' },
  natGatewayHour: { item: 'NAT gateway', usd: 0.062, unit: 'hour (+ 0.062 per GB processed)', region: 'ap-northeast-1', source: 'https://aws.amazon.com/vpc/pricing/' },
  gatewayEndpoint: { item: 'VPC gateway endpoint (DynamoDB, S3)', usd: 0, unit: 'month', region: 'all', source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html' },
  webAcl: { item: 'WAF web ACL', usd: 5, unit: 'month', region: 'all', source: 'https://aws.amazon.com/waf/pricing/' },
  webAclRule: { item: 'WAF rule or managed rule group', usd: 1, unit: 'month', region: 'all', source: 'https://aws.amazon.com/waf/pricing/' },
  kmsKey: { item: 'KMS customer managed key', usd: 1, unit: 'month', region: 'all', source: 'https://aws.amazon.com/kms/pricing/' },
  secret: { item: 'Secrets Manager secret', usd: 0.4, unit: 'month', region: 'all', source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  alarmMetric: { item: 'CloudWatch standard alarm, per metric it evaluates', usd: 0.1, unit: 'month', region: 'ap-northeast-1, us-east-1', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  rcuHour: { item: 'DynamoDB provisioned read capacity unit', usd: 0.0001484, unit: 'hour', region: 'ap-northeast-1', source: 'https://aws.amazon.com/dynamodb/pricing/provisioned/' },
  wcuHour: { item: 'DynamoDB provisioned write capacity unit', usd: 0.000742, unit: 'hour', region: 'ap-northeast-1', source: 'https://aws.amazon.com/dynamodb/pricing/provisioned/' },
  budget: { item: 'AWS Budgets budget (the first two of an account are free)', usd: 0, unit: 'month', region: 'global', source: 'https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/' },
  hostedZone: { item: 'Route 53 hosted zone', usd: 0.5, unit: 'month', region: 'global', source: 'https://aws.amazon.com/route53/pricing/' },
  certificate: { item: 'ACM public certificate', usd: 0, unit: 'month', region: 'all', source: 'https://aws.amazon.com/certificate-manager/pricing/' },
  restApiMillion: { item: 'API Gateway REST API requests (first 333 million)', usd: 4.25, unit: 'million requests', region: 'ap-northeast-1', source: 'https://aws.amazon.com/api-gateway/pricing/' },
  lambdaMillion: { item: 'Lambda requests', usd: 0.2, unit: 'million requests', region: 'ap-northeast-1', source: 'https://aws.amazon.com/lambda/pricing/' },
  lambdaArmGbSecond: { item: 'Lambda duration, Arm', usd: 0.0000133334, unit: 'GB-second', region: 'ap-northeast-1', source: 'https://aws.amazon.com/lambda/pricing/' },
  wafMillion: { item: 'WAF requests', usd: 0.6, unit: 'million requests', region: 'all', source: 'https://aws.amazon.com/waf/pricing/' },
} satisfies Record<string, ListPrice>;

/** Seed 004's monthly budgets, USD. */
export const SEED_BUDGETS = { development: 2.53, production: 6.6, highTraffic: 21.0 };

/** One priced line of a stack. */
export interface CostLine {
  readonly stack: string;
  readonly item: string;
  readonly quantity: string;
  readonly monthlyUsd: number;
  /** Lines the cheaper options below remove: a WAF web ACL, or interface endpoint zones (`units` of them). */
  readonly kind?: 'webAcl' | 'interfaceEndpoint';
  readonly units?: number;
}

export type Template = { Resources?: Record<string, { Type: string; Properties?: any }> };

/** The fixed monthly cost of `template`: what it provisions, whatever the traffic. */
export function fixedCostOf(stack: string, template: Template): CostLine[] {
  const resources = Object.values(template.Resources ?? {});
  const ofType = (type: string) => resources.filter(r => r.Type === type);
  const lines: CostLine[] = [];
  const add = (item: string, quantity: string, monthlyUsd: number, kind?: CostLine['kind'], units?: number) =>
    lines.push({ stack, item, quantity, monthlyUsd: round(monthlyUsd), kind, units });

  const interfaceAzs = ofType('AWS::EC2::VPCEndpoint')
    .filter(r => r.Properties?.VpcEndpointType === 'Interface')
    .reduce((n, r) => n + (r.Properties?.SubnetIds?.length ?? 0), 0);
  if (interfaceAzs) add(PRICES.interfaceEndpointHour.item, `${interfaceAzs} AZ × ${HOURS_PER_MONTH} h`, interfaceAzs * HOURS_PER_MONTH * PRICES.interfaceEndpointHour.usd, 'interfaceEndpoint', interfaceAzs);
  const gateways = ofType('AWS::EC2::VPCEndpoint').filter(r => r.Properties?.VpcEndpointType === 'Gateway').length;
  if (gateways) add(PRICES.gatewayEndpoint.item, String(gateways), 0);
  const nat = ofType('AWS::EC2::NatGateway').length;
  if (nat) add(PRICES.natGatewayHour.item, `${nat} × ${HOURS_PER_MONTH} h`, nat * HOURS_PER_MONTH * PRICES.natGatewayHour.usd);
  for (const acl of ofType('AWS::WAFv2::WebACL')) {
    const rules = acl.Properties?.Rules?.length ?? 0;
    add(`WAF web ACL (${acl.Properties?.Scope}) with ${rules} rules`, `1 + ${rules} rules`, PRICES.webAcl.usd + rules * PRICES.webAclRule.usd, 'webAcl', 1);
  }
  const keys = ofType('AWS::KMS::Key').length;
  if (keys) add(PRICES.kmsKey.item, String(keys), keys * PRICES.kmsKey.usd);
  const secrets = ofType('AWS::SecretsManager::Secret').length;
  if (secrets) add(PRICES.secret.item, String(secrets), secrets * PRICES.secret.usd);
  const alarmMetrics = ofType('AWS::CloudWatch::Alarm').reduce((n, r) => n + metricsOf(r.Properties), 0);
  if (alarmMetrics) {
    add(`${PRICES.alarmMetric.item} (${ofType('AWS::CloudWatch::Alarm').length} alarms)`, `${alarmMetrics} metrics`, alarmMetrics * PRICES.alarmMetric.usd);
  }
  for (const table of ofType('AWS::DynamoDB::Table')) {
    const throughput = table.Properties?.ProvisionedThroughput;
    if (!throughput) {
      add('DynamoDB table, on demand', 'per request', 0);
      continue;
    }
    const rcu = Number(throughput.ReadCapacityUnits);
    const wcu = Number(throughput.WriteCapacityUnits);
    add('DynamoDB table, provisioned minimum (auto scaling above it)', `${rcu} RCU + ${wcu} WCU × ${HOURS_PER_MONTH} h`,
      HOURS_PER_MONTH * (rcu * PRICES.rcuHour.usd + wcu * PRICES.wcuHour.usd));
  }
  const budgets = ofType('AWS::Budgets::Budget').length;
  if (budgets) add(PRICES.budget.item, String(budgets), 0);
  const certificates = ofType('AWS::CertificateManager::Certificate').length;
  if (certificates) add(PRICES.certificate.item, String(certificates), 0);
  return lines;
}

/**
 * The request-driven cost of the API stack at `requestsPerMonth` (seed 004: 25,000 in development,
 * 100,000 in production, 500,000 at high traffic), each request taking the seed's 200 ms target,
 * before the AWS Free Tier: API Gateway, Lambda requests and duration, WAF requests.
 */
export function usageCostOf(stack: string, template: Template, requestsPerMonth: number): CostLine[] {
  const resources = Object.values(template.Resources ?? {});
  const millions = requestsPerMonth / 1_000_000;
  const lines: CostLine[] = [];
  const volume = `${requestsPerMonth.toLocaleString('en-US')} requests`;
  if (resources.some(r => r.Type === 'AWS::ApiGateway::RestApi')) {
    lines.push({ stack, item: 'API Gateway REST API requests', quantity: volume, monthlyUsd: round(millions * PRICES.restApiMillion.usd) });
  }
  for (const fn of resources.filter(r => r.Type === 'AWS::Lambda::Function')) {
    const gb = Number(fn.Properties?.MemorySize ?? 128) / 1024;
    const gbSeconds = requestsPerMonth * 0.2 * gb;
    lines.push({
      stack,
      item: `Lambda requests and duration (${fn.Properties?.MemorySize} MiB, 200 ms)`,
      quantity: `${volume}, ${Math.round(gbSeconds).toLocaleString('en-US')} GB-s`,
      monthlyUsd: round(millions * PRICES.lambdaMillion.usd + gbSeconds * PRICES.lambdaArmGbSecond.usd),
    });
  }
  if (resources.some(r => r.Type === 'AWS::WAFv2::WebACL')) {
    lines.push({ stack, item: 'WAF requests', quantity: volume, monthlyUsd: round(millions * PRICES.wafMillion.usd) });
  }
  return lines;
}

/** Alarm metrics an alarm is billed for: one, or each metric a math expression reads. */
function metricsOf(properties: any): number {
  if (properties?.MetricName) return 1;
  return (properties?.Metrics ?? []).filter((m: any) => m.MetricStat).length;
}

function round(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** The templates of every stack of a cloud assembly, keyed by stack name. */
export function templatesOf(outdir: string): Map<string, Template> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const templates = new Map<string, Template>();
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    templates.set(name, JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8')));
  }
  return templates;
}

/** The total of `lines`, in USD to the cent. */
export function total(lines: CostLine[]): number {
  return round(lines.reduce((sum, line) => sum + line.monthlyUsd, 0));
}

/** What one profile costs: the fixed lines, and the usage at the seed's volume. */
export interface ProfileCost {
  readonly name: string;
  readonly budgetUsd: number;
  readonly fixed: CostLine[];
  readonly usage: CostLine[];
}

/** The cost report in Markdown: one table per profile and the price table with its date and source. */
export function renderCostReport(profiles: ProfileCost[]): string {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const out = ['# StudyTracker: monthly cost per profile', ''];
  for (const p of profiles) {
    const verdict = total(p.fixed) > p.budgetUsd ? `over the seed's ${usd(p.budgetUsd)} before any traffic` : `within the seed's ${usd(p.budgetUsd)}`;
    out.push(`## ${p.name}: ${usd(total(p.fixed))} a month fixed, ${verdict}`, '',
      '| Stack | Item | Quantity | USD / month |', '|---|---|---|---:|',
      ...p.fixed.map(l => `| ${l.stack} | ${l.item} | ${l.quantity} | ${usd(l.monthlyUsd)} |`),
      `| | **Fixed total** | | **${usd(total(p.fixed))}** |`,
      ...p.usage.map(l => `| ${l.stack} | ${l.item} | ${l.quantity} | ${usd(l.monthlyUsd)} |`),
      `| | **With usage at the seed's volume** | | **${usd(total([...p.fixed, ...p.usage]))}** |`, '');
  }
  out.push('## Cheaper options', '',
    '| Profile | Built here | Cheapest compliant | Seed budget | Without VPC endpoints and WAF (not compliant) |', '|---|---:|---:|---:|---:|',
    ...profiles.map(p => {
      const options = cheaperOptions(p.fixed);
      return `| ${p.name} | ${usd(total(p.fixed))} | ${usd(options.cheapestCompliant)} | ${usd(p.budgetUsd)} | ${usd(options.nonCompliant)} |`;
    }), '',
    'Cheapest compliant: one WAF web ACL instead of two (an HTTP API behind the site\'s CloudFront distribution and its WAF, at `/api/*`, ' +
    'the function refusing requests without the origin header CloudFront adds — not built by this library) and the Secrets Manager ' +
    'endpoint in one zone only (a failure of that zone then stops cold starts from reading the secret). Without VPC endpoints and WAF is ' +
    'what the seed\'s figures assume: a function outside the VPC and no WAF, which breaks SRV-01, NET-01 and EDGE-03.', '');
  out.push('## List prices', '', `As of ${PRICES_SOURCE.asOf}. ${PRICES_SOURCE.note}`, '',
    '| Item | USD | Per | Region | Source |', '|---|---:|---|---|---|',
    ...Object.values(PRICES).map(p => `| ${p.item} | ${p.usd} | ${p.unit} | ${p.region} | ${p.source} |`), '');
  return out.join('\n');
}

/** Seed 004's volume and budget of each profile it prices. */
const SEED_PROFILES = [
  { stackPrefix: 'StudyTracker-Dev', name: 'Development', requests: 25_000, budgetUsd: SEED_BUDGETS.development },
  { stackPrefix: 'StudyTracker-Prod', name: 'Production', requests: 100_000, budgetUsd: SEED_BUDGETS.production },
  { stackPrefix: 'StudyTracker-Prod', name: 'Production at high traffic', requests: 500_000, budgetUsd: SEED_BUDGETS.highTraffic },
];

/**
 * The cost of each seed profile from the synthesized example in `outdir`: the API and site stacks
 * of the profile, plus (production) the existing hosted zone the site's records go into.
 */
export function studyTrackerCosts(outdir: string): ProfileCost[] {
  const templates = templatesOf(outdir);
  return SEED_PROFILES.map(p => {
    // The API and site stacks, and in production the DR copy-vault stack.
    const stacks = [...templates.entries()].filter(([name]) => name.startsWith(`${p.stackPrefix}-`));
    if (!['-Api', '-Site'].every(end => stacks.some(([name]) => name.endsWith(end)))) {
      throw new Error(`${outdir}: expected the API and site stacks of ${p.stackPrefix}, found ${stacks.map(([n]) => n).join(', ') || 'none'}`);
    }
    const fixed = stacks.flatMap(([name, template]) => fixedCostOf(name, template));
    if (p.stackPrefix.endsWith('Prod')) {
      fixed.push({ stack: '(existing)', item: 'Route 53 hosted zone study-tracker.com, imported (seed 004 counts it in production)', quantity: '1', monthlyUsd: PRICES.hostedZone.usd });
    }
    // The seed's volumes are API requests; the site's page loads are not priced.
    const usage = stacks.filter(([name]) => name.endsWith('-Api')).flatMap(([name, template]) => usageCostOf(name, template, p.requests));
    return { name: p.name, budgetUsd: p.budgetUsd, fixed, usage };
  });
}

/** What the fixed cost of a profile would be with the cheapest compliant design, and with neither endpoints nor WAF. */
export function cheaperOptions(fixed: CostLine[]): { cheapestCompliant: number; nonCompliant: number } {
  const acls = fixed.filter(l => l.kind === 'webAcl');
  const endpoints = fixed.filter(l => l.kind === 'interfaceEndpoint');
  const zones = endpoints.reduce((n, l) => n + (l.units ?? 0), 0);
  const perZone = HOURS_PER_MONTH * PRICES.interfaceEndpointHour.usd;
  const oneAclSaving = acls.length > 1 ? Math.min(...acls.map(l => l.monthlyUsd)) : 0;
  const endpointSaving = zones > 1 ? (zones - 1) * perZone : 0;
  return {
    cheapestCompliant: round(total(fixed) - oneAclSaving - endpointSaving),
    nonCompliant: round(total(fixed) - total(acls) - total(endpoints)),
  };
}
