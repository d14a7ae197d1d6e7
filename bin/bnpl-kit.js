#!/usr/bin/env node
// The `bnpl-kit` command (package bin). The sources are TypeScript run through tsx's
// loader, so an installed package needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
