import { z } from 'zod';
import type { DirectiveStore } from '../directives/store.js';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** USD per credit, and the most credits one lookup can use (what it reserves before the call). */
export interface VendorPrice {
  usdPerCredit: number;
  maxCredits: number;
}

/** Prices from directives/costs.md: what a model call or a vendor lookup costs. */
export interface PriceBook {
  /** A paid vendor's price; undefined for free providers (sandbox, website, permutation, OpenStreetMap). */
  vendor(provider: string): VendorPrice | undefined;
  /** A model's price by the name the server serves; undefined when the directive has none. */
  model(name: string): ModelPrice | undefined;
}

const money = z.number().min(0).max(1_000_000);
const modelPrices = z.record(z.string(), z.object({ input: money, output: money }));
const vendorPrices = z.record(
  z.string(),
  z.object({ usd_per_credit: money, max_credits: z.number().min(0).max(10_000) }),
);

/** A price book from plain tables (tests, and the directive once parsed). */
function createPriceBook(models: Record<string, ModelPrice>, vendors: Record<string, VendorPrice>): PriceBook {
  const byModel = new Map(Object.entries(models).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    vendor: (provider) => {
      const price = vendors[provider];
      return price && price.usdPerCredit > 0 ? price : undefined;
    },
    model: (name) => byModel.get(name.toLowerCase()) ?? byModel.get(name.toLowerCase().replace(/:latest$/, '')),
  };
}

/**
 * Reads the prices from directives/costs.md (its `model-prices` and `vendor-prices` blocks), re-read when the file
 * changes.
 * @throws AppError('invalid_config') naming the block and the field that is wrong.
 */
export function loadPriceBook(directives: DirectiveStore): PriceBook {
  const directive = directives.get('costs');
  const cached = parsed.get(directive);
  if (cached) return cached;
  const models = directives.block('costs', 'model-prices', modelPrices);
  const vendors = directives.block('costs', 'vendor-prices', vendorPrices);
  const book = createPriceBook(
    models,
    Object.fromEntries(
      Object.entries(vendors).map(([k, v]) => [k, { usdPerCredit: v.usd_per_credit, maxCredits: v.max_credits }]),
    ),
  );
  parsed.set(directive, book);
  return book;
}

/** Price books by the parsed directive they came from (the store re-parses a file only when it changes). */
const parsed = new WeakMap<object, PriceBook>();

/** A model call's cost in USD. */
export function modelCost(price: ModelPrice | undefined, tokensIn: number, tokensOut: number): number {
  if (!price) return 0;
  return (tokensIn * price.input + tokensOut * price.output) / 1_000_000;
}
