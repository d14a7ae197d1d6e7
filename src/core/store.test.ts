// The in-memory store against the store contract that every implementation passes.
import { describeStoreContract } from './store.contract.ts';
import { MemoryStore } from './store.ts';

describeStoreContract('in-memory', {
  open: (options) => Promise.resolve(new MemoryStore(options ?? {})),
});
