// Cold start of the package API, in a fresh process per measurement: how long the
// import of dist/index.js takes, then `startMock()` until it listens (the target), then
// the first answer over HTTP (a create, 201). Options as an integrator's test passes
// them (a free port; the default scenario rules, no logging). Prints the times and the
// URL as one JSON line, then waits to be stopped.
import { request } from 'node:http';
import { closeOnSigterm, createOrderBody, ledgerHeaders, loadMock, ordersPath, say } from './shared.ts';

const processStartedMs = performance.now();
const imported = performance.now();
const { startMock } = await loadMock();
const importMs = performance.now() - imported;
const started = performance.now();
const mock = await startMock({ port: 0 });
const readyMs = performance.now() - started;

const asked = performance.now();
const status = await new Promise<number>((resolve, reject) => {
  const body = JSON.stringify(createOrderBody(1000, 'cold-start'));
  const call = request(`${mock.url}${ordersPath}`, { method: 'POST', headers: ledgerHeaders }, (response) => {
    response.resume().on('end', () => resolve(response.statusCode ?? 0));
  });
  call.on('error', reject);
  call.end(body);
});
const firstAnswerMs = performance.now() - asked;

closeOnSigterm(mock);
say({
  url: mock.url,
  // Node's own start (before this module ran), for the report's context.
  nodeBootMs: processStartedMs,
  importMs,
  readyMs,
  firstAnswerMs,
  firstAnswerStatus: status,
});
