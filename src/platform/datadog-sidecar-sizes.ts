import { fargateSizeProblem } from './fargate-sizes';
import { PropValidation } from '../core/validation';

/** CPU units and memory (MiB, hard limit) of a container or a task. */
export interface SidecarSize {
  readonly cpu: number;
  readonly memoryLimitMiB: number;
}

/**
 * Sizes of the sidecars. The agent runs APM and container metrics only; the log router is Fluent
 * Bit, for which AWS suggests a 50 MiB reservation (128 MiB leaves room to buffer while Datadog is
 * slow); the agent's init container copies its default configuration and exits.
 */
export const SIDECAR_SIZES = {
  agent: { cpu: 128, memoryLimitMiB: 256 },
  agentInit: { cpu: 0, memoryLimitMiB: 64 },
  logRouter: { cpu: 64, memoryLimitMiB: 128 },
} satisfies Record<string, SidecarSize>;

/** The least the application keeps of a task next to its sidecars: ECS-02's per-tenant size. */
export const APPLICATION_FLOOR: SidecarSize = { cpu: 256, memoryLimitMiB: 512 };

/** Fargate CPU values, smallest first (memory steps are checked with `fargateSizeProblem`). */
const FARGATE_CPUS = [256, 512, 1024, 2048, 4096, 8192, 16384];

/** CPU and memory the sidecars take from the task: the agent and its init container, and the log router. */
export function reservedBySidecars(agent: boolean, logRouter: boolean): SidecarSize {
  const parts = [...agent ? [SIDECAR_SIZES.agent, SIDECAR_SIZES.agentInit] : [], ...logRouter ? [SIDECAR_SIZES.logRouter] : []];
  return {
    cpu: parts.reduce((sum, p) => sum + p.cpu, 0),
    memoryLimitMiB: parts.reduce((sum, p) => sum + p.memoryLimitMiB, 0),
  };
}

/**
 * The task size: `cpu` and `memoryLimitMiB` as given, the rest the smallest Fargate size that leaves
 * the application `APPLICATION_FLOOR` next to sidecars taking `reserved` (256 / 512 without them). A
 * valid Fargate size the sidecars do not fit in is reported to `check`, naming one that would; an
 * invalid one is left to the Fargate size check.
 */
export function taskSizeWithSidecars(
  check: PropValidation, reserved: SidecarSize, cpu: number | undefined, memoryLimitMiB: number | undefined,
): SidecarSize {
  const need = { cpu: APPLICATION_FLOOR.cpu + reserved.cpu, memoryLimitMiB: APPLICATION_FLOOR.memoryLimitMiB + reserved.memoryLimitMiB };
  const fits = (c: number, m: number) => c >= need.cpu && m >= need.memoryLimitMiB;
  const size = cpu !== undefined && memoryLimitMiB !== undefined ? { cpu, memoryLimitMiB }
    : smallestFargateSize((c, m) => (cpu ?? c) === c && (memoryLimitMiB ?? m) === m && fits(c, m))
      ?? { cpu: cpu ?? APPLICATION_FLOOR.cpu, memoryLimitMiB: memoryLimitMiB ?? APPLICATION_FLOOR.memoryLimitMiB };
  if (fargateSizeProblem(size.cpu, size.memoryLimitMiB) === undefined && !fits(size.cpu, size.memoryLimitMiB)) {
    const suggestion = smallestFargateSize(fits);
    check.report('cpu/memoryLimitMiB', `${size.cpu}/${size.memoryLimitMiB}`,
      `leaves the application ${size.cpu - reserved.cpu} CPU units / ${size.memoryLimitMiB - reserved.memoryLimitMiB} MiB next to the Datadog sidecars ` +
      `(${reserved.cpu} / ${reserved.memoryLimitMiB}); it needs at least ${APPLICATION_FLOOR.cpu} / ${APPLICATION_FLOOR.memoryLimitMiB} (ECS-02): ` +
      `use ${suggestion!.cpu}/${suggestion!.memoryLimitMiB} or larger, or set datadogAgent / datadogLogForwarding to false`);
  }
  return size;
}

/** The smallest Fargate size (CPU first, then memory) `accept` takes. */
function smallestFargateSize(accept: (cpu: number, memoryLimitMiB: number) => boolean): SidecarSize | undefined {
  for (const cpu of FARGATE_CPUS) {
    for (let memoryLimitMiB = 512; memoryLimitMiB <= 122_880; memoryLimitMiB += 512) {
      if (fargateSizeProblem(cpu, memoryLimitMiB) === undefined && accept(cpu, memoryLimitMiB)) return { cpu, memoryLimitMiB };
    }
  }
  return undefined;
}
