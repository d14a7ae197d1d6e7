// Where bnpl-kit's files are: the package root and its folders, computed once here.
// Every module that reads a contract, a schema, rules or generated code asks this
// module, so the code runs the same from its TypeScript sources (lib/ is one level
// below the root) and from the ahead-of-time bundle in dist/ (also one level below).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the folder with package.json, spec/, generated/ and mock-rules/. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const specDir = path.join(root, 'spec');
export const generatedDir = path.join(root, 'generated');
export const mockRulesDir = path.join(root, 'mock-rules');
