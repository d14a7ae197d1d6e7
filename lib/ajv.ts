// The one configured JSON Schema validator (ajv, draft 2020-12, the dialect of
// OpenAPI 3.1) that every schema in bnpl-kit is compiled with: spec bodies, the
// lifecycle sidecars, mock-rules files. It owns the vendor keyword
// `x-bnpl-max-decimals` and the OpenAPI number formats.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { hasAtMostDecimals } from './money.ts';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import
// is the module object, so take the function from whichever shape arrives.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin.default;

export type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    validateFormats: true,
  });
  addFormats(ajv);
  // OpenAPI's numeric formats say how wide a number is, not what it looks like;
  // int64 values above 2^53 cannot reach us exactly through JSON.parse anyway.
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addKeyword({
    keyword: 'x-bnpl-max-decimals',
    type: 'number',
    schemaType: 'number',
    errors: true,
    validate: function maxDecimals(decimals: number, value: number) {
      const ok = hasAtMostDecimals(value, decimals);
      if (!ok) {
        (maxDecimals as unknown as { errors: unknown[] }).errors = [
          {
            keyword: 'x-bnpl-max-decimals',
            message: `must have at most ${decimals} decimal places`,
            params: { decimals },
          },
        ];
      }
      return ok;
    },
  });
  // Annotations that OpenAPI documents carry inside schemas.
  for (const keyword of ['example', 'x-bnpl-section']) ajv.addKeyword({ keyword });
  return ajv;
}
