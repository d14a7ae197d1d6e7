// The one configured JSON Schema validator (ajv, draft 2020-12, the dialect of
// OpenAPI 3.1) that every schema in bnpl-kit is compiled with: spec bodies, the
// lifecycle sidecars, mock-rules files, the sandbox data. It owns the vendor keyword
// `x-bnpl-max-decimals` and the OpenAPI formats. The same configuration compiles at
// run time or, with `standalone`, into source code that `npm run generate` writes to
// generated/validators/ so the mock starts without compiling anything.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _, str } from 'ajv/dist/compile/codegen/index.js';
import addFormatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import
// is the module object, so take the function from whichever shape arrives.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin.default;

export type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
export type { Ajv2020 };

export function createAjv(options: { readonly standalone?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    validateFormats: true,
    ...(options.standalone ? { code: { source: true } } : {}),
  });
  // Generated code requires ajv-formats' own module for the formats it uses.
  addFormats(ajv);
  // OpenAPI's numeric formats say how wide a number is, not what it looks like; the
  // schemas bound the values (maximum 2^53 − 1), and JSON numbers are always finite.
  ajv.addFormat('int64', true);
  ajv.addFormat('double', true);
  ajv.addKeyword({
    keyword: 'x-bnpl-max-decimals',
    type: 'number',
    schemaType: 'number',
    // The same test as lib/money.ts `hasAtMostDecimals`, written as code so that it is
    // inlined into generated validators: compare the number with its own rounding, so
    // 0.07 (stored as 0.07000000000000000666) passes where `multipleOf: 0.01` fails.
    code(cxt) {
      const { data, schema } = cxt;
      const scale = 10 ** schema;
      cxt.fail(
        _`!(Number.isFinite(${data}) && (Math.abs(${data}) * ${scale} < ${2 ** 49} ? Math.round(${data} * ${scale}) / ${scale} === ${data} : Math.abs(${data}) >= 1e21 ? Number.isInteger(${data}) : Number(${data}.toFixed(${schema})) === ${data}))`,
      );
    },
    error: {
      message: ({ schema }) => str`must have at most ${schema} decimal places`,
      params: ({ schema }) => _`{decimals: ${schema}}`,
    },
  });
  // Annotations that OpenAPI documents carry inside schemas.
  for (const keyword of ['example', 'x-bnpl-section']) ajv.addKeyword({ keyword });
  return ajv;
}
