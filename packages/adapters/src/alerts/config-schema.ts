import { z } from 'zod';

/** "30s", "15m", "1h", "2d", "500ms" → ms. */
const duration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration like 30s, 15m, 1h or 2d')
  .transform((text) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      (match?.[2] ?? 'ms') as 'ms'
    ];
    return Number(match?.[1] ?? 0) * unit;
  });

const id = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const positive = z.number().positive();
const side = z.enum(['long', 'short', 'any']);
const direction = z.enum(['up', 'down', 'both']);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const common = {
  id,
  /** Defaults come from `defaults` (then 1h and 20). */
  cooldown: duration.optional(),
  maxPerHour: z.number().int().positive().optional(),
  /** Sink names this rule goes to (default: every configured sink). */
  sinks: z.array(z.string()).optional(),
};

const detect = z
  .object({
    lookbackDays: positive.default(30),
    refreshHours: positive.default(24),
    minStrength: z.number().min(0).max(1).default(0.5),
    zone: positive.default(0.0015),
    roundStep: positive.default(1000),
    pivotWidth: z.number().int().positive().default(6),
    range: positive.default(0.15),
  })
  .strict();

const priceCross = z
  .object({
    ...common,
    type: z.literal('price-cross'),
    symbol: z.string().min(1),
    exchange: z.string().optional(),
    level: positive.optional(),
    levels: z.array(positive).optional(),
    /** Levels detected by the levels analysis (`true` = defaults). */
    detect: z.union([z.literal(true), detect]).optional(),
    direction: direction.default('both'),
    confirm: z.enum(['touch', 'close']).default('touch'),
    hysteresisPct: z.number().min(0).default(0.25),
  })
  .strict()
  .refine((r) => r.level !== undefined || (r.levels?.length ?? 0) > 0 || r.detect !== undefined, {
    message: 'give level, levels or detect',
  });

const liquidations = z
  .object({
    ...common,
    type: z.literal('liquidations'),
    window: duration.default(3_600_000),
    thresholdUsd: positive,
    side: side.default('any'),
    symbol: z.string().optional(),
    venue: z.string().optional(),
    rearmRatio: z.number().min(0).max(1).default(0.5),
  })
  .strict();

const cluster = z
  .object({
    ...common,
    type: z.literal('liquidation-cluster'),
    symbol: z.string().min(1),
    withinPct: positive,
    thresholdUsd: positive,
    side: side.default('any'),
    rearmRatio: z.number().min(0).max(1).default(0.5),
    /** Heatmap estimator inputs: open interest and candles of this venue and instrument. */
    venue: z.string().default('binance'),
    instrument: z.string().default('BTC/USDT:USDT'),
    bucketUsd: positive.default(100),
  })
  .strict();

const funding = z
  .object({
    ...common,
    type: z.literal('funding'),
    symbol: z.string().min(1),
    exchange: z.string().optional(),
    abovePct: z.number().optional(),
    belowPct: z.number().optional(),
    zScore: z
      .object({ window: z.number().int().min(3), above: positive })
      .strict()
      .optional(),
  })
  .strict()
  .refine((r) => r.abovePct !== undefined || r.belowPct !== undefined || r.zScore !== undefined, {
    message: 'give abovePct, belowPct or zScore',
  });

const openInterest = z
  .object({
    ...common,
    type: z.literal('open-interest'),
    symbol: z.string().min(1),
    exchange: z.string().optional(),
    window: duration.default(3_600_000),
    changePct: positive,
    direction: direction.default('both'),
  })
  .strict();

const correlation = z
  .object({
    ...common,
    type: z.literal('correlation-regime'),
    series: z.tuple([z.string(), z.string()]).default(['BTC', '^GSPC']),
    windowDays: z.number().int().min(5).default(30),
    positiveAbove: z.number().min(-1).max(1).default(0.5),
    negativeBelow: z.number().min(-1).max(1).default(0),
    hysteresis: z.number().min(0).max(1).default(0.05),
  })
  .strict()
  .refine((r) => r.negativeBelow < r.positiveAbove, {
    message: 'negativeBelow must be < positiveAbove',
  });

const fedwatch = z
  .object({
    ...common,
    type: z.literal('fedwatch-shift'),
    meeting: date.optional(),
    range: z
      .string()
      .regex(/^\d+-\d+$/, 'a CME range label like 350-375')
      .optional(),
    shiftPoints: positive,
    direction: direction.default('both'),
  })
  .strict();

/** A watched position: its liquidation price, or a position record the margin engines price. */
const watched = z.union([
  z
    .object({
      id,
      symbol: z.string().min(1),
      exchange: z.string().optional(),
      side: z.enum(['long', 'short']),
      liquidationPriceUsd: positive,
    })
    .strict(),
  z.object({ id, position: z.record(z.string(), z.unknown()) }).strict(),
]);

const position = z
  .object({
    ...common,
    type: z.literal('position-distance'),
    withinPct: positive,
    positions: z.array(watched).min(1),
  })
  .strict();

export const ruleSchema = z.discriminatedUnion('type', [
  priceCross,
  liquidations,
  cluster,
  funding,
  openInterest,
  correlation,
  fedwatch,
  position,
]);
export type RuleInput = z.infer<typeof ruleSchema>;

const webhook = z
  .object({
    name: id,
    type: z.literal('webhook'),
    url: z.url(),
    secret: z.string().min(1).optional(),
    secretEnv: z.string().min(1).optional(),
  })
  .strict();
const telegram = z
  .object({
    name: id,
    type: z.literal('telegram'),
    chatId: z.union([z.string(), z.number()]).transform(String),
    apiUrl: z.url().optional(),
    botToken: z.string().min(1).optional(),
    botTokenEnv: z.string().min(1).optional(),
  })
  .strict();
const discord = z
  .object({
    name: id,
    type: z.literal('discord'),
    webhookUrl: z.url().optional(),
    webhookUrlEnv: z.string().min(1).optional(),
  })
  .strict();

export const sinkSchema = z.discriminatedUnion('type', [webhook, telegram, discord]);
export type SinkInput = z.infer<typeof sinkSchema>;

export const configSchema = z
  .object({
    defaults: z
      .object({
        cooldown: duration.default(3_600_000),
        maxPerHour: z.number().int().positive().default(20),
      })
      .strict()
      .default({ cooldown: 3_600_000, maxPerHour: 20 }),
    sinks: z.array(sinkSchema).default([]),
    live: z
      .object({
        exchanges: z
          .array(z.enum(['binance', 'bybit', 'okx']))
          .default(['binance', 'bybit', 'okx']),
        /** Bybit subscribes per symbol (exchange ids, e.g. BTCUSDT). */
        liquidationSymbols: z.array(z.string()).default(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']),
        /** ccxt exchange polled for prices, funding and open interest. */
        pollExchange: z.string().default('binance'),
        pollSeconds: positive.default(30),
        macroPollMinutes: positive.default(60),
      })
      .strict()
      .default({
        exchanges: ['binance', 'bybit', 'okx'],
        liquidationSymbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
        pollExchange: 'binance',
        pollSeconds: 30,
        macroPollMinutes: 60,
      }),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();
export type ConfigInput = z.infer<typeof configSchema>;
