// The bnpl-kit mock as a benchmark subject: started in its own child process by
// bench/run.ts, with scenario rules and request logging off so that the benchmark
// measures the mock's own work. Prints `{"url":"http://127.0.0.1:PORT"}` on stdout
// once it listens, and closes cleanly on SIGTERM.
import { startMock } from '../../src/mock/server.ts';

const mock = await startMock({ port: 0, rules: 'none', log: false });
process.stdout.write(`${JSON.stringify({ url: mock.url })}\n`);
process.on('SIGTERM', () => {
  void mock.close().then(() => process.exit(0));
});
