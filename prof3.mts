const { startMock } = await import('/work/main/src/mock/server.ts');
const t5 = performance.now();
const m = await startMock({ port: 0 });
console.log('startMock', performance.now() - t5);
await m.close();
