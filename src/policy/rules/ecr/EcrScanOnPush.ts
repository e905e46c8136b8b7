import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, listOf, propertiesOf } from '../../template';

/** OPS-07: images are scanned for CVEs when pushed (repository setting or a registry-wide scanning rule). */
export const EcrScanOnPush: PolicyRule = {
  id: 'ECR1',
  requirements: ['OPS-07'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECR::Repository'],
  cause: () => 'The ECR repository does not scan images on push, and no registry scanning rule of the app covers all repositories.',
  fix: () => 'Set ImageScanningConfiguration.ScanOnPush to true (ecr.Repository: imageScanOnPush: true), or add an AWS::ECR::RegistryScanningConfiguration with a wildcard rule.',
  explanation: 'Known critical CVEs must be found before a release ships, and the weekly review needs the scan results.',
  check: node => {
    if (booleanOf(propertiesOf(node).ImageScanningConfiguration?.ScanOnPush, 'ImageScanningConfiguration.ScanOnPush')) return NagRuleCompliance.COMPLIANT;
    const registryWide = appResources(node, 'AWS::ECR::RegistryScanningConfiguration').some(config =>
      listOf(propertiesOf(config).Rules, 'Rules').some(rule =>
        listOf(rule?.RepositoryFilters, 'Rules.RepositoryFilters').some(filter => filter?.Filter === '*')));
    return compliantIf(registryWide);
  },
};
