// Rendering: the console report shows each failing step's transcript once, and the
// progress display rewrites one line on a terminal and prints plain lines elsewhere.
import { describe, expect, it } from 'vitest';
import { Recorder } from '../results.ts';
import { exchange, validationProblem } from '../testing.ts';
import { renderReport } from './console.ts';
import { reportValidator } from './json.ts';
import { progressDisplay } from './progress.ts';

function reportWith(recorder: Recorder, strict = false) {
  const checks = recorder.results(strict);
  const failed = checks.filter((c) => c.outcome === 'failed').length;
  return {
    api: 'bnpl-payment-order' as const,
    revision: '2024-10-30',
    kit: { name: 'bnpl-kit', version: '0' },
    target: { baseUrl: 'http://x', ownerNo: '1', otherOwnerNo: '1-other', adapter: 'mock' },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    options: { runs: 1, seed: 3, suites: ['model' as const], strict },
    outcome: failed > 0 ? ('failed' as const) : ('passed' as const),
    summary: {
      passed: checks.filter((c) => c.outcome === 'passed').length,
      failed,
      warnings: 0,
      skipped: 0,
      total: checks.length,
    },
    suites: [],
    checks,
  };
}

describe('renderReport', () => {
  it('should show a transcript shared by two failed checks once, with steps and replay arguments', () => {
    // Arrange
    const recorder = new Recorder();
    const transcript = [exchange('createCapture', 400, validationProblem, { n: 1 })];
    const shared = {
      steps: ['create order 1', 'capture on order 1'],
      transcript,
      replay: { seed: 3, path: '1:0', arguments: "--seed 3 --path '1:0'" },
    };
    recorder.fail({ checkId: 'BPO-MDL-001', message: '#1: expected 201; got 400', ...shared });
    recorder.fail({ checkId: 'BPO-MDL-003', message: '#1: Problems should name currency', ...shared });

    // Act
    const text = renderReport(reportWith(recorder));

    // Assert
    expect(text.match(/#1 GET \//g)).toHaveLength(1);
    expect(text).toContain(
      "minimal sequence (replay: --seed 3 --path '1:0'):\n    1. create order 1\n    2. capture on order 1",
    );
    expect(text).toContain('same sequence and transcript as BPO-MDL-001 above');
    expect(text.split('\n').at(-1)).toBe('conformance: 0 passed, 2 failed');
  });
});

describe('renderReport levels', () => {
  it('should quote the document under a failed MUST check, and warn a SHOULD check unless strict', () => {
    const recorder = new Recorder();
    const transcript = [exchange('createCapture', 400, validationProblem, { n: 1 })];
    recorder.fail({ checkId: 'BPO-MDL-001', message: '#1: expected 201; got 400', transcript });
    recorder.fail({ checkId: 'BPO-PB-005', message: '#1: camelCase', transcript });

    const lenient = renderReport(reportWith(recorder));
    const strict = renderReport(reportWith(recorder, true));

    expect(lenient).toContain(
      '  document 3.1: “Multiple captures can be done for one payment order as long as we have RemainingAmount left on the order.”',
    );
    expect(lenient).toContain('! BPO-PB-005 [SHOULD]');
    expect(lenient.split('\n').at(-1)).toBe('conformance: 0 passed, 1 failed');
    expect(strict).toContain('✗ BPO-PB-005 [SHOULD]');
    expect(strict.split('\n').at(-1)).toBe('conformance: 0 passed, 2 failed');
  });
});

describe('reportValidator', () => {
  it("should hold each API's report to its own target and ids", async () => {
    const validate = await reportValidator();
    const recorder = new Recorder();
    recorder.fail({ checkId: 'BPO-MDL-001', message: '#1: expected 201; got 400', transcript: [] });
    const ledger = reportWith(recorder);
    expect(validate(ledger), JSON.stringify(validate.errors)).toBe(true);
    // The same report claiming to be Order Processing's: a ledger target and BPO ids do not fit.
    expect(validate({ ...ledger, api: 'order-processing' })).toBe(false);
    const target = {
      baseUrl: 'http://x/cl/merchant-gateway-service',
      merchantId: 'bf62723f-f664-4527-b95b-4dfee33e427d',
      tenantId: 't',
      customerRef: '123456789',
      otherMerchantId: '11111111-1111-4111-8111-111111111111',
      budget: '1000.00',
      adapter: 'mock',
    };
    expect(validate({ ...ledger, api: 'order-processing', target })).toBe(false);
    const checks = ledger.checks.map((c) => ({ ...c, id: 'OP-MDL-001', decisions: ['OP-D-29'] }));
    expect(
      validate({ ...ledger, api: 'order-processing', target, checks }),
      JSON.stringify(validate.errors),
    ).toBe(true);
  });
});

describe('progressDisplay', () => {
  it('should rewrite one line on a terminal and print plain lines elsewhere', () => {
    const tty: string[] = [];
    const plain: string[] = [];
    const onTerminal = progressDisplay({ isTTY: true, write: (t: string) => tty.push(t) });
    const inCi = progressDisplay({ isTTY: false, write: (t: string) => plain.push(t) });

    for (const display of [onTerminal, inCi]) {
      display.onSuite('model', 'start');
      display.onProgress('model', 'sequences', 1, 1);
      display.onSuite('model', 'end', { name: 'model', durationMs: 1500, requests: 42, runs: 1 });
    }

    expect(tty[0]).toBe('\r\u001b[Kmodel: sequences 1/1');
    expect(plain).toEqual(['model: started\n', 'model: 42 requests, 1 sequences in 1.5 s\n']);
  });
});
