// The report as people read it in a terminal or a CI log: each failed check with
// the sentence it rests on, its minimal sequence, the numbered HTTP transcript and
// the arguments that replay it; then warnings; then what was checked, one line per
// check grouped by suite; then the one summary line CI greps for. `quiet` keeps the
// summary line (and, when a check failed, one line per failed check).
import type { CheckResult, Entry, Failure, KitReport, Quote } from './types.ts';

const bodyLimit = 600;

export interface RenderOptions {
  /** Only the summary line, after one line per failed check. */
  readonly quiet?: boolean;
}

export function renderReport(report: KitReport, options: RenderOptions = {}): string {
  const lines: string[] = [];
  const failed = report.checks.filter((c) => c.outcome === 'failed');
  const warnings = report.checks.filter((c) => c.outcome === 'warning');
  if (options.quiet) {
    for (const check of failed) lines.push(`✗ ${check.id} [${check.level}] ${check.title}`);
    lines.push(summaryLine(report));
    return lines.join('\n');
  }
  // One step can fail several checks; its transcript is shown once, the others point to it.
  const shown = new Map<string, string>();
  for (const check of failed) lines.push(...renderCheck(check, '✗', shown, report.api), '');
  for (const check of warnings) lines.push(...renderCheck(check, '!', shown, report.api), '');
  lines.push(...renderChecked(report), '');
  const skipped = report.checks.filter((c) => c.outcome === 'skipped');
  if (skipped.length > 0) lines.push(`not evaluated: ${skipped.map((c) => c.id).join(', ')}`);
  if (warnings.length > 0)
    lines.push(`warnings (SHOULD; --strict fails them): ${warnings.map((c) => c.id).join(', ')}`);
  lines.push(
    `revision ${report.revision}; seed ${report.options.seed}${report.options.strict ? '; strict' : ''}; ${Math.round(report.durationMs / 100) / 10} s`,
  );
  lines.push(summaryLine(report));
  return lines.join('\n');
}

export function summaryLine(report: KitReport): string {
  return `conformance: ${report.summary.passed} passed, ${report.summary.failed} failed`;
}

const marks: Record<CheckResult['outcome'], string> = {
  passed: '✓',
  failed: '✗',
  warning: '!',
  skipped: '-',
};

/** What the run checked: one line per check (mark, id, level, evaluations), grouped by suite. */
export function renderChecked(report: KitReport): string[] {
  const lines = ['checked:'];
  const suites = [...new Set(report.checks.map((c) => c.suite))];
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const suite of suites) {
    lines.push(`  ${suite}`);
    for (const check of report.checks.filter((c) => c.suite === suite)) {
      const count =
        check.evaluations === 0
          ? 'not evaluated'
          : `${check.evaluations} evaluation${check.evaluations === 1 ? '' : 's'}`;
      lines.push(`    ${marks[check.outcome]} ${check.id.padEnd(width)} ${check.level.padEnd(6)} ${count}`);
    }
  }
  return lines;
}

/** `§3.1` for a section of the document, the id alone for a research source (`S15`). */
const cite = (section: string) => (/^S\d+$/.test(section) ? section : `§${section}`);

function quoteLine(quote: Quote): string {
  return `  ${quote.source === 'research' ? 'research' : 'document'} ${quote.section}: “${quote.text}”`;
}

export function renderCheck(
  check: CheckResult,
  mark: string,
  shown = new Map<string, string>(),
  api = 'bnpl-payment-order',
): string[] {
  const cites = [...check.sections.map(cite), ...check.decisions].join(', ');
  const lines = [`${mark} ${check.id} [${check.level}] ${check.title} (${cites})`];
  for (const quote of check.quotes.slice(0, 2)) lines.push(quoteLine(quote));
  if (check.failureCount > check.failures.length) {
    lines.push(`  ${check.failureCount} failures; the first ${check.failures.length} follow`);
  }
  for (const failure of check.failures) {
    const key = JSON.stringify([failure.steps, failure.transcript]);
    const first = shown.get(key);
    if (first === undefined) shown.set(key, check.id);
    const rendered =
      first === undefined
        ? renderFailure(failure, api)
        : [failure.message, `same sequence and transcript as ${first} above`];
    lines.push(...rendered.map((l) => `  ${l}`));
  }
  return lines;
}

export function renderFailure(failure: Failure, api = 'bnpl-payment-order'): string[] {
  const lines = [failure.message];
  if (failure.section !== undefined) lines.push(`document section ${failure.section}`);
  if (failure.steps !== undefined) {
    const replay = failure.replay === undefined ? '' : ` (replay: ${failure.replay.arguments})`;
    lines.push(`minimal sequence${replay}:`);
    for (const [i, step] of failure.steps.entries()) lines.push(`  ${i + 1}. ${step}`);
  } else if (failure.case !== undefined) {
    lines.push(`case: ${failure.case}`);
  }
  lines.push('transcript:');
  for (const entry of failure.transcript) lines.push(...renderEntry(entry, api).map((l) => `  ${l}`));
  return lines;
}

/** The Order Processing request headers a transcript shows, and those whose absence it notes. */
const shownHeaders = ['context-merchantid', 'idempotency-key', 'customer-access-token', 'sca-token'];
const expectedHeaders = [
  'ocp-apim-subscription-key',
  'context-merchantid',
  'context-tenantid',
  'client-session-id',
];

export function renderEntry(entry: Entry, api = 'bnpl-payment-order'): string[] {
  if (entry.kind === 'customer') {
    if ('customerRef' in entry) {
      const what =
        entry.step === 'completeSca'
          ? `completes SCA for ${entry.scaToken ?? '(no token)'}`
          : `access token of ${entry.customerRef}`;
      return [`#${entry.n} customer ${what} (adapter): ${entry.ok ? 'done' : `FAILED ${entry.error ?? ''}`}`];
    }
    const choice =
      entry.step === 'choosePaymentMethod'
        ? ` ${entry.profileName}${entry.subProfileName === undefined ? '' : `/${entry.subProfileName}`}`
        : '';
    return [
      `#${entry.n} customer ${entry.step}${choice} on ${entry.paymentOrderId} (adapter): ${entry.ok ? 'done' : `FAILED ${entry.error ?? ''}`}`,
    ];
  }
  const parallel = entry.parallelGroup === undefined ? '' : ` [parallel burst ${entry.parallelGroup}]`;
  const lines = [`#${entry.n} ${entry.request.method} ${entry.request.path}${parallel}`];
  const headers = entry.request.headers;
  if (api === 'bnpl-payment-order') {
    lines.push(`   > Authorization: ${headers.authorization ?? '(none)'}`);
  } else {
    const present = shownHeaders.filter((h) => headers[h] !== undefined).map((h) => `${h}: ${headers[h]}`);
    const missing = expectedHeaders.filter((h) => headers[h] === undefined).map((h) => `without ${h}`);
    if (present.length + missing.length > 0) lines.push(`   > ${[...present, ...missing].join('; ')}`);
  }
  if (entry.request.body !== undefined) lines.push(`   > ${clip(entry.request.body)}`);
  if (entry.response === undefined) {
    lines.push(`   < no response: ${entry.error ?? 'unknown error'}`);
  } else {
    lines.push(
      `   < ${entry.response.status} ${entry.response.headers['content-type'] ?? '(no Content-Type)'}`,
    );
    if (entry.response.body !== '') lines.push(`   < ${clip(entry.response.body)}`);
  }
  return lines;
}

function clip(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > bodyLimit ? `${flat.slice(0, bodyLimit)}… (${flat.length} chars)` : flat;
}
