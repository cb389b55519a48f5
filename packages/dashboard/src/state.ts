/** The dashboard's location: view, date and symbol live in the URL hash (`#view=event&date=…`). */
export const views = ['event', 'simulator', 'stress', 'brief'] as const;
export type ViewName = (typeof views)[number];

export interface DashboardState {
  readonly view: ViewName;
  readonly date: string;
  readonly symbol: string;
  /** Days of intraday candles up to the date shown by the event view (`days=365`: a year). */
  readonly days: number;
}

export const defaults: DashboardState = {
  view: 'event',
  date: '2025-11-21',
  symbol: 'BTC/USDT',
  days: 7,
};

function isView(value: string | null): value is ViewName {
  return value !== null && (views as readonly string[]).includes(value);
}

export function readState(): DashboardState {
  const params = new URLSearchParams(location.hash.slice(1));
  const view = params.get('view');
  const date = params.get('date');
  const symbol = params.get('symbol');
  const days = Number(params.get('days') ?? defaults.days);
  return {
    view: isView(view) ? view : defaults.view,
    date: date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : defaults.date,
    symbol: symbol ?? defaults.symbol,
    days: Number.isInteger(days) && days >= 1 && days <= 1000 ? days : defaults.days,
  };
}

export function hashOf(state: DashboardState): string {
  return new URLSearchParams({
    view: state.view,
    date: state.date,
    symbol: state.symbol,
    days: String(state.days),
  }).toString();
}

export function writeState(next: Partial<DashboardState>): void {
  location.hash = hashOf({ ...readState(), ...next });
}
