// What both built-in adapters for bnpl-kit's mock share: the sandbox control API's
// paths, read once from its contract (spec/sandbox-control.yaml), and a POST to one
// of its operations that resolves only once the sandbox answered 200.
import { request } from 'undici';
import { compileSpec } from '../../lib/openapi.ts';

let templates: Promise<Map<string, string>> | undefined;

/** The path template of every sandbox control operation, by operationId. */
function sandboxPaths(): Promise<Map<string, string>> {
  templates ??= compileSpec('sandbox-control').then(
    (spec) => new Map([...spec.operations.values()].map((o) => [o.operationId, o.pathTemplate])),
  );
  return templates;
}

/**
 * POSTs `body` (JSON, when given) to a sandbox control operation at `root`, its path
 * template filled in by `fill`; resolves to the answer's text when it is 200 (the
 * sandbox answers once the step is applied), throws with the status otherwise.
 */
export async function postSandbox(
  operationId: string,
  root: string,
  fill: (template: string) => string,
  headers: Readonly<Record<string, string>>,
  body?: unknown,
): Promise<string> {
  const template = (await sandboxPaths()).get(operationId);
  if (template === undefined) throw new Error(`sandbox-control has no ${operationId}`);
  const path = fill(template);
  const response = await request(`${root}${path}`, {
    method: 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new Error(`POST ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  }
  return text;
}
