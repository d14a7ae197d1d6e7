const t0 = performance.now();
const { compileSpec } = await import('/work/main/lib/openapi.ts');
const t1 = performance.now();
await compileSpec('bnpl-payment-order');
const t2 = performance.now();
await compileSpec('order-processing');
const t3 = performance.now();
await compileSpec('sandbox-control');
const t4 = performance.now();
const { startMock } = await import('/work/main/src/mock/server.ts');
const t5 = performance.now();
const m = await startMock({ port: 0 });
const t6 = performance.now();
console.log({
  importLib: t1 - t0,
  bpo: t2 - t1,
  op: t3 - t2,
  sandbox: t4 - t3,
  importServer: t5 - t4,
  startMock: t6 - t5,
});
await m.close();
