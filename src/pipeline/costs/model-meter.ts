import { AppError } from '../../errors.js';
import { describeRefusal } from './pause.js';
import type { BudgetRefusal } from './ports.js';
import { type ModelPrice, modelCost, type PriceBook } from './prices.js';
import type { Spending, SpendTicket } from './spending.js';

/** A model call about to be made. */
export interface ModelCall {
  /** Recorded as the step ("writer.draft", "agent.model"). */
  step: string;
  runId?: string | null;
  companyId?: number | null;
  /** Characters sent (system prompt, prompt and history): the input tokens are estimated from it. */
  promptChars: number;
}

export interface ModelTicket {
  ticket: SpendTicket;
  price: ModelPrice | undefined;
}

/** Reserves each model call's cost at its limits before it is made and settles it on the reported usage. */
export interface ModelMeter {
  /** "openai:gpt-4o-mini" (what the ledger calls the model). */
  readonly provider: string;
  /** The model's price, or undefined when it is local (Ollama) or has none in directives/costs.md. */
  price(): ModelPrice | undefined;
  /**
   * @throws AppError('budget_exhausted') with the refusal in `details.refusal` when the call would pass a budget:
   * the call must not be made.
   */
  reserve(call: ModelCall): Promise<ModelTicket>;
  /**
   * Settles on the tokens the model reported (the reservation when an answer reported none, nothing when the call
   * failed without usage); returns the cost in USD.
   */
  settle(ticket: ModelTicket, usage: { in?: number; out?: number } | undefined, failed?: boolean): Promise<number>;
}

export interface ModelMeterDeps {
  spending: Spending;
  prices: () => PriceBook;
  /** The configured provider and model name; Ollama runs locally and costs nothing. */
  model: { provider: string; name: string };
  /** The most tokens a call may answer with (what each call reserves for its answer). */
  maxOutputTokens: number;
}

/** Roughly one token per three characters of English: on the high side, as a reservation should be. */
const estimateTokens = (chars: number) => Math.ceil(chars / 3);

export function createModelMeter(deps: ModelMeterDeps): ModelMeter {
  const provider = `${deps.model.provider}:${deps.model.name}`;
  const price = () => (deps.model.provider === 'ollama' ? undefined : deps.prices().model(deps.model.name));
  return {
    provider,
    price,
    async reserve(call) {
      const p = price();
      const amountUsd = modelCost(p, estimateTokens(call.promptChars), deps.maxOutputTokens);
      const reserved = await deps.spending.reserve({
        kind: 'model',
        provider,
        step: call.step,
        runId: call.runId,
        companyId: call.companyId,
        amountUsd,
      });
      if (!reserved.ok)
        throw new AppError('budget_exhausted', `Not calling the model: ${describeRefusal(reserved.refusal)}`, {
          details: { refusal: reserved.refusal },
        });
      return { ticket: reserved.ticket, price: p };
    },
    async settle(ticket, usage, failed) {
      const known = usage?.in !== undefined || usage?.out !== undefined;
      const costUsd = known
        ? modelCost(ticket.price, usage?.in ?? 0, usage?.out ?? 0)
        : failed
          ? 0
          : ticket.ticket.reservedUsd;
      await deps.spending.settle(ticket.ticket, {
        costUsd,
        result: failed ? 'error' : 'found',
        tokensIn: usage?.in ?? null,
        tokensOut: usage?.out ?? null,
      });
      return costUsd;
    },
  };
}

/** The refusal carried by a budget_exhausted error, if it is one. */
export function refusalOf(err: unknown): BudgetRefusal | undefined {
  if (!(err instanceof AppError) || err.code !== 'budget_exhausted') return undefined;
  return err.details?.refusal as BudgetRefusal | undefined;
}
