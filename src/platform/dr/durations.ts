import { Duration } from 'aws-cdk-lib';

/** Durations as the DR objectives table and runbook sections write them, in both locales (OPS-06). */

/** `d` as people write it in English: `5 minutes`, `1 hour 50 minutes`, `0`. */
export function durationEn(d: Duration): string {
  return d.toSeconds() === 0 ? '0' : d.toHumanString();
}

/** `d` as people write it in Japanese: `5分`, `1時間50分`, `0`. */
export function durationJa(d: Duration): string {
  let seconds = d.toSeconds();
  if (seconds === 0) return '0';
  const parts: string[] = [];
  for (const [unit, size] of [['日', 86400], ['時間', 3600], ['分', 60], ['秒', 1]] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n}${unit}`);
    seconds -= n * size;
  }
  return parts.join('');
}

/** The sum of `parts`. */
export function sum(...parts: Duration[]): Duration {
  return Duration.seconds(parts.reduce((total, d) => total + d.toSeconds(), 0));
}
