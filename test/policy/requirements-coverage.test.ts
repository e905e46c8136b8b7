import * as fs from 'fs';
import * as path from 'path';
import { generateDocuments, readRequirements, undertestedRules } from '../../build-tools/requirements-coverage';
import { ruleId } from '../../src/policy/rule';
import { RULES } from '../../src/policy/rules';

const root = path.resolve(__dirname, '..', '..');

test('RULES.md and docs/requirements-coverage.md match the rules, requirements and tests (run `npx projen docs:coverage`)', () => {
  for (const [file, expected] of Object.entries(generateDocuments(root))) {
    const committed = fs.readFileSync(path.join(root, file), 'utf8');
    expect({ file, stale: committed !== expected }).toEqual({ file, stale: false });
  }
});

test('every requirement whose "Realised by" names a rule has at least one rule, and every rule names known requirements', () => {
  const requirements = readRequirements(path.join(root, 'docs', 'REQUIREMENTS.md'));
  const withoutRule = requirements.filter(r => /\brule\b/.test(r.realisedBy) && !RULES.some(rule => rule.requirements.includes(r.id)));
  expect(withoutRule.map(r => r.id)).toEqual([]);
  const known = new Set(requirements.map(r => r.id));
  expect(RULES.flatMap(rule => rule.requirements.filter(id => !known.has(id)).map(id => `${ruleId(rule)}: ${id}`))).toEqual([]);
});

test('every rule has at least a compliant and a non-compliant test naming it', () => {
  expect(undertestedRules(root).map(ruleId)).toEqual([]);
});
