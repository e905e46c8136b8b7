/**
 * Fargate's valid task CPU / memory pairs (Amazon ECS Developer Guide, "Task CPU and memory"):
 * for each CPU value, the memory range in MiB and its step.
 */
const FARGATE_MEMORY: Record<number, { min: number; max: number; step: number }> = {
  256: { min: 512, max: 2048, step: 512 },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** Why `cpu`/`memoryLimitMiB` is not a Fargate size, or undefined when it is. */
export function fargateSizeProblem(cpu: number, memoryLimitMiB: number): string | undefined {
  const range = FARGATE_MEMORY[cpu];
  if (!range) return `cpu ${cpu} is not a Fargate CPU value; accepted: ${Object.keys(FARGATE_MEMORY).join(', ')}`;
  if (memoryLimitMiB === 512 && cpu === 256) return undefined;
  const ok = memoryLimitMiB >= range.min && memoryLimitMiB <= range.max && (memoryLimitMiB - range.min) % range.step === 0;
  if (ok) return undefined;
  const accepted = cpu === 256 ? '512, 1024 or 2048' : `${range.min} to ${range.max} in steps of ${range.step}`;
  return `memoryLimitMiB ${memoryLimitMiB} is not valid with cpu ${cpu}; accepted: ${accepted}`;
}
