// The bnpl-kit mock as a benchmark subject, in a process of its own: `startMock` from
// the built package (dist/index.js) with scenario rules and request logging off, so that
// the benchmark measures the mock's own work. The first argument, when given, names the
// store (a postgres:// URL; default the in-memory store). Prints `{"url": …}` once it listens.
import { closeOnSigterm, loadMock, say } from './shared.ts';

const store = process.argv[2];
const { startMock } = await loadMock();
const mock = await startMock({
  port: 0,
  rules: 'none',
  log: false,
  ...(store === undefined || store === '' ? {} : { store }),
});
closeOnSigterm(mock);
say({ url: mock.url });
