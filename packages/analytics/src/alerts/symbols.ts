const pair = (symbol: string): string => symbol.split(':')[0] ?? symbol;

/**
 * Symbol matching: a rule's symbol matches an observation's unified symbol exactly; a perpetual
 * and its spot pair match each other (BTC/USDT:USDT ~ BTC/USDT: where only one is stored or
 * polled, it is the price proxy of the other); a rule naming only a base asset ('BTC') matches any
 * symbol of that base (BTC/USDT, BTC/USDT:USDT, Coinglass 'BTC').
 */
export function matchesSymbol(rule: string | undefined, observed: string): boolean {
  if (rule === undefined) return true;
  if (rule === observed || pair(rule) === pair(observed)) return true;
  if (rule.includes('/')) return false;
  return observed.split('/')[0] === rule;
}

export function matchesOptional(rule: string | undefined, observed: string): boolean {
  return rule === undefined || rule === observed;
}
