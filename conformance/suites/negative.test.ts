// The wrong-method case's judgement (BPO-TR-003, D-17), without a server: 405 with an
// Allow naming the path's method passes; any other answer, or a 405 that does not say
// what the path takes, warns.
import { describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../transcript.ts';
import { wrongMethodProblem } from './negative.ts';

const answer = (status: number, headers: Record<string, string> = {}): RecordedResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  body: '{}',
  json: {},
});

describe('wrongMethodProblem', () => {
  it('should pass 405 with an Allow header naming GET, in any case and order', () => {
    expect(wrongMethodProblem(answer(405, { allow: 'GET, HEAD' }), 'GET')).toBeUndefined();
    expect(wrongMethodProblem(answer(405, { allow: 'head,get' }), 'GET')).toBeUndefined();
  });

  it.each([
    ['a 404 (a router that knows no DELETE)', answer(404), 'answered 404'],
    ['a 204 (the order deleted)', answer(204), 'answered 204'],
    ['a 405 without Allow', answer(405), 'answered 405 without Allow'],
    [
      'a 405 whose Allow leaves GET out',
      answer(405, { allow: 'POST' }),
      'answered 405 with Allow: POST, not naming GET',
    ],
  ])('should find fault with %s', (_name, response, want) => {
    expect(wrongMethodProblem(response, 'GET')).toBe(want);
  });
});
