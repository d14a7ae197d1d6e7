// The report as people read it in a terminal or a CI log: each failed check with
// the document sentence it rests on, its minimal sequence, the numbered HTTP
// transcript and the arguments that replay it; then warnings; then the one summary
// line CI greps for.
import type {
  CheckResult,
  ConformanceReport,
  Entry,
  Failure,
} from '../../generated/conformance-report.schema.ts';

const bodyLimit = 600;

export function renderReport(report: ConformanceReport): string {
  const lines: string[] = [];
  const failed = report.checks.filter((c) => c.outcome === 'failed');
  const warnings = report.checks.filter((c) => c.outcome === 'warning');
  // One step can fail several checks; its transcript is shown once, the others point to it.
  const shown = new Map<string, string>();
  for (const check of failed) lines.push(...renderCheck(check, '✗', shown), '');
  for (const check of warnings) lines.push(...renderCheck(check, '!', shown), '');
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

export function summaryLine(report: ConformanceReport): string {
  return `conformance: ${report.summary.passed} passed, ${report.summary.failed} failed`;
}

export function renderCheck(check: CheckResult, mark: string, shown = new Map<string, string>()): string[] {
  const cites = [...check.sections.map((s) => `§${s}`), ...check.decisions].join(', ');
  const lines = [`${mark} ${check.id} [${check.level}] ${check.title} (${cites})`];
  for (const quote of check.quotes.slice(0, 2)) lines.push(`  document ${quote.section}: “${quote.text}”`);
  if (check.failureCount > check.failures.length) {
    lines.push(`  ${check.failureCount} failures; the first ${check.failures.length} follow`);
  }
  for (const failure of check.failures) {
    const key = JSON.stringify([failure.steps, failure.transcript]);
    const first = shown.get(key);
    if (first === undefined) shown.set(key, check.id);
    const rendered =
      first === undefined
        ? renderFailure(failure)
        : [failure.message, `same sequence and transcript as ${first} above`];
    lines.push(...rendered.map((l) => `  ${l}`));
  }
  return lines;
}

export function renderFailure(failure: Failure): string[] {
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
  for (const entry of failure.transcript) lines.push(...renderEntry(entry).map((l) => `  ${l}`));
  return lines;
}

export function renderEntry(entry: Entry): string[] {
  if (entry.kind === 'customer') {
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
  const auth = entry.request.headers.authorization;
  lines.push(`   > Authorization: ${auth ?? '(none)'}`);
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
