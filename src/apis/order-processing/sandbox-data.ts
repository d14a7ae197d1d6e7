// The Order Processing sandbox's test data (mock-rules/sandbox/order-processing.yaml):
// reading and validating it against spec/order-processing.sandbox-data.schema.json,
// converting its pounds to pence once, and the lookups the operations need
// (customer, product, merchant configuration), each with the fallback the
// decisions give for a reference that is not configured.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  Merchant,
  OrderProcessingSandboxData,
  SpendOption,
} from '../../../generated/order-processing.sandbox-data.schema.ts';
import type { ValidateFunction } from '../../../lib/ajv.ts';
import { type MinorUnits, parseMajor } from '../../../lib/money.ts';
import { root } from '../../../lib/paths.ts';
import { schemaValidator } from '../../../lib/schemas.ts';
import { parseYamlFile } from '../../../lib/yaml.ts';
import { basketWithNonPositiveInstalment, type SpendOptionConfig } from './spend-options.ts';

/** The file the mock reads unless told otherwise. */
export const defaultSandboxDataFile = path.join(root, 'mock-rules/sandbox/order-processing.yaml');
const schemaName = 'order-processing.sandbox-data';

export interface CustomerConfig {
  /** The customerRef asked for (an unknown one keeps its own ref). */
  readonly customerRef: string;
  /** The configured customer it behaves like (itself when configured). */
  readonly configuredAs: string;
  readonly description: string;
  readonly creditLimit: MinorUnits;
  /** Initiate is Exempt below this; undefined: never exempt. */
  readonly scaExemptBelow: MinorUnits | undefined;
  /** Set: every authorisation and adjustment is Declined with this reason. */
  readonly declineReason: string | undefined;
  readonly productId: string;
}

export interface ProductConfig {
  /** The productId asked for (an unknown one keeps its own id). */
  readonly productId: string;
  /** The configured product it is (`default` for an unknown productId). */
  readonly configuredAs: string;
  readonly description: string;
  readonly options: readonly SpendOptionConfig[];
}

export interface MerchantConfig {
  /** The merchantId asked for. */
  readonly merchantId: string;
  /** The configured entry it gets (`default` for one not listed). */
  readonly configuredAs: string;
  readonly description: string;
  readonly brand: string;
  readonly partialSettle: boolean;
  readonly partialReverse: boolean;
  readonly partialRefund: boolean;
}

export interface SandboxData {
  readonly source: string;
  readonly customers: ReadonlyMap<string, Omit<CustomerConfig, 'customerRef' | 'configuredAs'>>;
  readonly unknownCustomersBehaveLike: string;
  readonly products: ReadonlyMap<string, Omit<ProductConfig, 'productId' | 'configuredAs'>>;
  readonly merchants: ReadonlyMap<string, Merchant>;
}

/** Bad sandbox data: names the file and the JSON Pointer of what is wrong. */
export class SandboxDataError extends Error {
  override name = 'SandboxDataError';
}

type Validate = ValidateFunction;
type SchemaError = NonNullable<Validate['errors']>[number];
let validators: { document: Validate; instalment: Validate; purchase: Validate } | undefined;

/**
 * The schema's errors for `data`, none when it is valid. A spend option is a oneOf
 * of two shapes, and ajv reports every branch's complaints; so each failing option
 * is checked again against the one shape its spendType names, and only those
 * errors are kept.
 */
async function validate(data: unknown): Promise<SchemaError[]> {
  if (validators === undefined) {
    const get = (fragment: string): Promise<Validate> => schemaValidator(schemaName, fragment);
    validators = {
      document: await get(''),
      instalment: await get('#/$defs/instalmentOption'),
      purchase: await get('#/$defs/purchaseOption'),
    };
  }
  const { document, instalment, purchase } = validators;
  if (document(data)) return [];
  const optionAt = /^\/products\/([^/]+)\/options\/(\d+)(?=\/|$)/;
  const errors: SchemaError[] = [];
  const options = new Set<string>();
  for (const error of document.errors ?? []) {
    const match = optionAt.exec(error.instancePath);
    if (match === null) errors.push(error);
    else options.add(match[0]);
  }
  for (const at of options) {
    const [, productId = '', index = ''] = optionAt.exec(at) ?? [];
    const raw = data as { products: Record<string, { options: { spendType?: unknown }[] }> };
    const option = raw.products[unescapePointer(productId)]?.options[Number(index)];
    const shape =
      option?.spendType === 'Purchase'
        ? purchase
        : option?.spendType === 'Instalment'
          ? instalment
          : undefined;
    if (shape === undefined) {
      errors.push({
        instancePath: `${at}/spendType`,
        schemaPath: '#/$defs/spendOption',
        keyword: 'enum',
        params: {},
        message: 'must be Instalment or Purchase',
      });
    } else if (!shape(option)) {
      for (const error of shape.errors ?? [])
        errors.push({ ...error, instancePath: at + error.instancePath });
    }
  }
  return errors;
}

/** Reads, validates and converts a sandbox data file (default: the one in mock-rules/sandbox/). */
export async function loadSandboxData(file: string = defaultSandboxDataFile): Promise<SandboxData> {
  const source = path.relative(process.cwd(), file) || file;
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new SandboxDataError(`${source}: cannot be read: ${error.message}`);
  });
  let data: unknown;
  try {
    data = await parseYamlFile(file, text);
  } catch (error) {
    throw new SandboxDataError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  return parseSandboxData(data, source, await validate(data));
}

/** Validates already parsed data (`source` names it in errors) and converts it. */
export async function sandboxDataFrom(data: unknown, source: string): Promise<SandboxData> {
  return parseSandboxData(data, source, await validate(data));
}

function parseSandboxData(data: unknown, source: string, errors: readonly SchemaError[]): SandboxData {
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const params = e.params as { additionalProperty?: unknown; propertyName?: unknown };
      const name = params.additionalProperty ?? params.propertyName;
      const extra = name === undefined ? '' : ` (${String(name)})`;
      return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
    });
    throw new SandboxDataError(`${source}: ${[...new Set(lines)].join('; ')}`);
  }
  const raw = data as OrderProcessingSandboxData;
  const fail = (pointer: string, message: string): never => {
    throw new SandboxDataError(`${source}: ${pointer} ${message}`);
  };
  const pence = (pounds: number, pointer: string): MinorUnits => {
    const parsed = parseMajor(pounds, 'GBP');
    return parsed.ok ? parsed.money.minor : fail(pointer, `is not an amount in pounds (${parsed.reason})`);
  };

  const products = new Map<string, Omit<ProductConfig, 'productId' | 'configuredAs'>>();
  for (const [productId, product] of Object.entries(raw.products)) {
    const at = `/products/${escapePointer(productId)}`;
    const seen = new Set<string>();
    const options = product.options.map((option: SpendOption, i): SpendOptionConfig => {
      if (seen.has(option.offerId)) fail(`${at}/options/${i}/offerId`, `repeats ${option.offerId}`);
      seen.add(option.offerId);
      if (option.spendType === 'Purchase') return option;
      const converted = {
        ...option,
        minimumBasket: pence(option.minimumBasket, `${at}/options/${i}/minimumBasket`),
      };
      const bad = basketWithNonPositiveInstalment(converted);
      if (bad !== undefined) {
        fail(
          `${at}/options/${i}/minimumBasket`,
          `is too small: a basket of ${bad} pence would have an instalment of 0 or less over ${option.duration} months`,
        );
      }
      return converted;
    });
    products.set(productId, { description: product.description, options });
  }

  const customers = new Map<string, Omit<CustomerConfig, 'customerRef' | 'configuredAs'>>();
  for (const [customerRef, customer] of Object.entries(raw.customers)) {
    const at = `/customers/${escapePointer(customerRef)}`;
    const productId = customer.productId ?? 'default';
    if (!products.has(productId)) fail(`${at}/productId`, `names no configured product (${productId})`);
    customers.set(customerRef, {
      description: customer.description,
      creditLimit: pence(customer.creditLimit, `${at}/creditLimit`),
      scaExemptBelow:
        customer.scaExemptBelow === undefined
          ? undefined
          : pence(customer.scaExemptBelow, `${at}/scaExemptBelow`),
      declineReason: customer.declineReason,
      productId,
    });
  }
  if (!customers.has(raw.unknownCustomersBehaveLike)) {
    fail('/unknownCustomersBehaveLike', `names no configured customer (${raw.unknownCustomersBehaveLike})`);
  }

  // Merchant ids are UUIDs, compared as the header gives them but case-insensitively.
  const merchants = new Map<string, Merchant>();
  for (const [merchantId, merchant] of Object.entries(raw.merchants)) {
    const key = merchantId.toLowerCase();
    if (merchants.has(key))
      fail(`/merchants/${escapePointer(merchantId)}`, 'repeats a merchantId in another case');
    merchants.set(key, merchant);
  }

  return {
    source,
    customers,
    unknownCustomersBehaveLike: raw.unknownCustomersBehaveLike,
    products,
    merchants,
  };
}

/** The customer for a customerRef; one not configured behaves like the configured default, under its own ref. */
export function customerFor(data: SandboxData, customerRef: string): CustomerConfig {
  const configuredAs = data.customers.has(customerRef) ? customerRef : data.unknownCustomersBehaveLike;
  const customer = data.customers.get(configuredAs);
  if (customer === undefined) throw new SandboxDataError(`${data.source}: no customer ${configuredAs}`);
  return { customerRef, configuredAs, ...customer };
}

/** The product for a productId; one not configured gets the default product. */
export function productFor(data: SandboxData, productId: string): ProductConfig {
  const configuredAs = data.products.has(productId) ? productId : 'default';
  const product = data.products.get(configuredAs);
  if (product === undefined) throw new SandboxDataError(`${data.source}: no product ${configuredAs}`);
  return { productId, configuredAs, ...product };
}

/** The merchant configuration for a merchantId; one not listed gets the default. */
export function merchantFor(data: SandboxData, merchantId: string): MerchantConfig {
  const key = merchantId.toLowerCase();
  const configuredAs = data.merchants.has(key) ? key : 'default';
  const merchant = data.merchants.get(configuredAs);
  if (merchant === undefined) throw new SandboxDataError(`${data.source}: no merchant ${configuredAs}`);
  return { merchantId, configuredAs, ...merchant };
}

/** JSON Pointer escaping of one reference token. */
function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
