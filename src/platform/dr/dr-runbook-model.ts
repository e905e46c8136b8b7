import { CfnResource, Stack } from 'aws-cdk-lib';
import { DrText } from './dr-text';

/**
 * The DR runbook sections as typed data (DR-05, OPS-02, OPS-06). The shapes follow the runbook
 * model of `src/runbooks` (RunbookSection, RunbookStep, RunbookTable) field for field, so the
 * sections can be handed to `Runbook.of(scope).addSection` as they are once that model is on the
 * main branch; until then `dr-runbook-markdown.ts` renders them into the cloud assembly.
 */

/** What a section is for (the runbook model's RunbookSectionKind values). */
export type DrSectionKind = 'policy' | 'procedure' | 'alarm';

/** One ordered step: prose, the exact commands, what success looks like. */
export interface DrRunbookStep {
  readonly text: DrText;
  /** Complete shell scripts: every variable a script uses is set in the script itself. */
  readonly commands?: string[];
  readonly expected?: DrText;
  readonly checklist?: DrText[];
}

/** A small table shown before the steps. */
export interface DrRunbookTable {
  readonly header: DrText[];
  readonly rows: Array<{ readonly cells: DrText[] }>;
}

/** A link to another section of the same runbook. */
export interface DrRunbookLink {
  readonly text: DrText;
  readonly anchor: string;
}

/** One section of the DR runbook. */
export interface DrRunbookSection {
  /** Stable anchor; the failed-job alerts link to theirs (MON-08). */
  readonly anchor: string;
  readonly kind: DrSectionKind;
  readonly title: DrText;
  /** The alarm or event that sends an operator here. */
  readonly whenToUse: DrText;
  readonly summary?: DrText[];
  readonly table?: DrRunbookTable;
  readonly steps: DrRunbookStep[];
  readonly escalation?: DrText;
  readonly links?: DrRunbookLink[];
  readonly requirements: string[];
}

/**
 * A shell expression for the physical id of `resource` (what `Ref` returns), read from its
 * deployed stack, so commands name this deployment's real resources without a placeholder. The
 * same expression as the runbook model's `ResourceLookup.physicalId`.
 */
export function physicalIdOf(resource: CfnResource): string {
  const stack = Stack.of(resource);
  const logicalId = stack.resolve(resource.logicalId);
  return `$(aws cloudformation describe-stack-resource --region ${stack.region} --stack-name ${stack.stackName} ` +
    `--logical-resource-id ${logicalId} --query StackResourceDetail.PhysicalResourceId --output text)`;
}

/** The value of the CloudFormation export `exportName` in `region`. */
export function exportValue(exportName: string, region: string): string {
  return `$(aws cloudformation list-exports --region ${region} --query "Exports[?Name=='${exportName}'].Value" --output text)`;
}
