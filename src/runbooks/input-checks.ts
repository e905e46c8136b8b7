import { PropValidation } from '../core/validation';

/**
 * Checks of the values exported runbook builders put into commands. `sh` already quotes every
 * value; these refuse, at synth, values that cannot be what they claim to be (a host with a path, a
 * URL with shell syntax), so a runbook never shows an operator a command built from them.
 */

/**
 * One lower-case DNS host name, at most 128 characters (the ALB limit for a host-header value), with a
 * last label of letters only.
 */
export const DNS_HOST = /^(?=.{1,128}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An http(s) URL of a host (and port) with an optional plain path: no query, fragment, quotes, spaces or shell syntax. */
export const PLAIN_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~-]+)*\/?$/;

/** Fails on `check` (throws by default) naming `prop`, `value` and what is accepted unless `value` is a lower-case DNS host name. */
export function checkHost(prop: string, value: string, check: PropValidation = new PropValidation('')): void {
  check.matches(prop, value, DNS_HOST, 'one lower-case DNS host name such as acme.example.com, no scheme, path or port');
}

/** Fails on `check` (throws by default) naming `prop`, `value` and what is accepted unless `value` is a plain http(s) URL. */
export function checkUrl(prop: string, value: string, check: PropValidation = new PropValidation('')): void {
  check.matches(prop, value, PLAIN_URL, 'an http(s) URL of a host, optional port and a path of letters, digits and ._~- such as https://api.datadoghq.com');
}
