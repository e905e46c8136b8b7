import { Duration } from 'aws-cdk-lib';
import { PropProblems, PropValidation } from '../../src/core/validation';

describe('PropProblems: collect every problem of the props, throw once', () => {
  test('two independent problems are reported together, each naming its prop, value and what is accepted', () => {
    const problems = new PropProblems('App/Thing');
    problems.matches('name', 'Bad Name', /^[a-z]+$/, 'lower-case letters');
    problems.integerBetween('count', 11, 1, 10);
    problems.durationAtMost('period', Duration.days(2), Duration.days(1), 'of the thing');
    problems.report('mode', 'both', 'is given; accepted: one of them');
    expect(problems.count).toBe(4);
    expect(() => problems.throwIfAny()).toThrow(new Error('App/Thing: 4 problems:\n' +
      '- name "Bad Name" must match /^[a-z]+$/ (lower-case letters)\n' +
      '- count 11 must be an integer from 1 to 10\n' +
      '- period 2 days is above 1 day, the ceiling of the thing\n' +
      '- mode "both" is given; accepted: one of them'));
  });

  test('one problem reads exactly as PropValidation throws it', () => {
    const problems = new PropProblems('App/Thing');
    problems.integerBetween('count', 0, 1, 10);
    expect(() => problems.throwIfAny()).toThrow(new Error('App/Thing: count 0 must be an integer from 1 to 10'));
    expect(() => new PropValidation('App/Thing').integerBetween('count', 0, 1, 10)).toThrow(new Error('App/Thing: count 0 must be an integer from 1 to 10'));
  });

  test('no problem, no error; without a construct path the props name their owner', () => {
    const clean = new PropProblems('App/Thing');
    clean.integerBetween('count', 5, 1, 10);
    expect(() => clean.throwIfAny()).not.toThrow();
    const unowned = new PropProblems('');
    unowned.report('Context.count', 0, 'must be at least 1');
    expect(() => unowned.throwIfAny()).toThrow(new Error('Context.count 0 must be at least 1'));
  });
});
