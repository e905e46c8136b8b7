import { findPlaceholders } from '../../src/runbooks/placeholders';
import { sh } from '../../src/runbooks/shell-words';
import { shellBlocks } from '../support/runbooks';

describe('the placeholder checker', () => {
  test.each([
    ['aws ecs describe-tasks --cluster production --tasks <task-arn>', '<task-arn>'],
    ['aws ecs update-service --cluster production --service your-service', 'your-service'],
    ['aws route53 change-resource-record-sets --hosted-zone-id YOUR_ZONE_ID', 'YOUR_ZONE_ID'],
    ['aws logs tail TODO --follow', 'TODO'],
    ['aws rds describe-db-instances --db-instance-identifier xxxx', 'xxxx'],
    ['aws ssm start-automation-execution --document-name {{ DocumentName }}', '{{ DocumentName }}'],
    ['aws sns publish --topic-arn ${Token[TOKEN.12]}', '${Token[TOKEN.12]}'],
    ['aws cloudwatch get-metric-statistics --dimensions ...', '...'],
    ['aws ecs describe-services --cluster "$CLUSTER"', '$CLUSTER'],
    ['aws ecs describe-services --cluster "${CLUSTER}" --services "${SERVICE##*/}"', '$CLUSTER'],
  ])('finds the placeholder in: %s', (script, text) => {
    expect(findPlaceholders(script).map(f => f.text)).toContain(text);
  });

  test('a variable set earlier, by a loop or read, or from the environment is not a placeholder', () => {
    const script = [
      'CLUSTER=$(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id Cluster --query StackResourceDetail.PhysicalResourceId --output text)',
      'for SERVICE in $(aws ecs list-services --cluster "$CLUSTER" --query "serviceArns[]" --output text); do',
      '  aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --region "$AWS_REGION"',
      'done',
      'read -r ANSWER',
      'echo "$ANSWER"',
      'read -r -p "Backup job id from the alert: " JOB',
      'aws backup describe-backup-job --backup-job-id "$JOB"',
      "read -r -p 'Version id: ' VERSION && echo \"$VERSION\"",
      "aws logs filter-log-events --log-group-name x --filter-pattern '{ $.level = \"ERROR\" }'",
      'PREVIOUS="${CLUSTER%:*}:$(( ${CLUSTER##*:} - 1 ))"',
    ].join('\n');
    expect(findPlaceholders(script)).toEqual([]);
  });

  test('a variable used before the line that sets it is reported with its line', () => {
    expect(findPlaceholders('echo "$URL"\nURL=https://example.org')).toEqual([{ line: 1, text: '$URL', reason: 'shell variable used but never set' }]);
  });

  test('quotes are followed across lines and escapes: a quoted value holding a newline or quote sets and uses nothing', () => {
    const region = 'x\'y"z$(id)\nnext';
    const script = [
      sh`read -r -p "Secret in ${region}: " SECRET`,
      sh`aws secretsmanager get-secret-value --region ${region} --secret-id "$SECRET" --query SecretString --output text`,
      sh`echo ${region}`,
    ].join('\n');
    expect(findPlaceholders(script)).toEqual([]);
  });

  test('a variable inside double quotes after an apostrophe is still a use, and its line is where the command starts', () => {
    expect(findPlaceholders('echo "it\'s $NAME"\necho "a\n$OTHER"')).toEqual([
      { line: 1, text: '$NAME', reason: 'shell variable used but never set' },
      { line: 2, text: '$OTHER', reason: 'shell variable used but never set' },
    ]);
  });

  test('comment lines use nothing, a line continued by a backslash keeps its first line, an unclosed single quote hides the rest', () => {
    expect(findPlaceholders('# uses $NOPE\n  # indented $NOPE2\necho "$X"')).toEqual([{ line: 3, text: '$X', reason: 'shell variable used but never set' }]);
    expect(findPlaceholders('aws ecs describe-services \\\n  --cluster "$CLUSTER" \\\n  --services x')).toEqual([
      { line: 1, text: '$CLUSTER', reason: 'shell variable used but never set' },
    ]);
    expect(findPlaceholders('echo \'unclosed $A\n$B')).toEqual([]);
  });

  test('shell blocks are read out of Markdown, indented list items included', () => {
    const markdown = ['1. Step', '', '   ```bash', '   aws ecs list-clusters', '   ```', '', '```bash', 'echo done', '```'].join('\n');
    expect(shellBlocks(markdown)).toEqual([{ line: 4, script: 'aws ecs list-clusters' }, { line: 8, script: 'echo done' }]);
  });
});
