import { Token } from 'aws-cdk-lib';
import { PropValidation } from '../core/validation';
import { DNS_HOST } from '../runbooks/input-checks';

/**
 * Refuses a host header that could route another tenant's traffic. An ALB host-header condition
 * compares case-insensitively and treats `*` (0 or more characters) and `?` (exactly one) as
 * wildcards (ElasticLoadBalancing API reference, HostHeaderConditionConfig), so `*.example.com`
 * would also match `acme.example.com` and take its requests on whichever rule has the lower
 * priority. Only exact lower-case names are accepted: two tenants then collide only when their
 * names are equal, which `TenantRegistry` refuses: a tenant receives only its own traffic.
 */
export function checkHostHeader(check: PropValidation, hostHeader: string): void {
  if (Token.isUnresolved(hostHeader)) {
    check.report('hostHeader', hostHeader, 'is a token; the host header must be known at synth so no two tenants can share it');
  } else if (/[*?]/.test(hostHeader)) {
    check.report('hostHeader', hostHeader, 'is a wildcard pattern: an ALB treats * and ? as wildcards, so it could match another tenant\'s host; ' +
      'accepted: one exact lower-case DNS host name such as acme.example.com (give each tenant its own name)');
  } else if (!DNS_HOST.test(hostHeader)) {
    check.report('hostHeader', hostHeader, `must match ${DNS_HOST} (one exact lower-case DNS host name of at most 128 characters, such as acme.example.com; ` +
      'ALB host matching ignores case, so upper-case letters are refused rather than silently equal to another tenant\'s name)');
  }
}
