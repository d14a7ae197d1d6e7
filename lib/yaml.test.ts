// The YAML the mock reads at every start comes from generated/yaml/ while it matches
// the file's text, and is parsed otherwise; the cached data is what parsing gives.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockRulesDir } from './paths.ts';

const file = path.join(mockRulesDir, 'sandbox/order-processing.yaml');

describe('parseYamlFile', () => {
  afterEach(() => {
    vi.doUnmock('yaml');
    vi.resetModules();
  });

  it('should give what parsing the text gives', async () => {
    const { parseYamlFile, parseYaml } = await import('./yaml.ts');
    const text = await readFile(file, 'utf8');
    expect(await parseYamlFile(file, text)).toEqual(await parseYaml(text));
  });

  it('should not parse a file of mock-rules/ whose generated JSON matches its text', async () => {
    vi.doMock('yaml', () => ({
      parse: () => {
        throw new Error('parsed');
      },
    }));
    const { parseYamlFile } = await import('./yaml.ts');
    const text = await readFile(file, 'utf8');
    await expect(parseYamlFile(file, text)).resolves.toMatchObject({});
    // Edited since npm run generate, or outside mock-rules/: parsed.
    await expect(parseYamlFile(file, `${text}\n# edited\n`)).rejects.toThrow('parsed');
    await expect(parseYamlFile('/tmp/rules.yaml', text)).rejects.toThrow('parsed');
  });
});
