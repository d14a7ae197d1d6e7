// The package API of bnpl-kit, for a shop's own tests: `import { startMock } from
// 'bnpl-kit'` starts the mock (every API, or those named) on a free port, with reset
// per tenant and a clean close. Built to dist/index.js with its type declarations.
export type { InjectRequest, InjectResponse } from './core/http.ts';
export {
  apiNames,
  type Faults,
  type MockOptions,
  type ResetScope,
  type RunningMock,
  startMock,
} from './mock/server.ts';
