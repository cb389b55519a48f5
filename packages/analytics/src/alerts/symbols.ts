/**
 * Symbol matching: a rule's symbol matches an observation's unified symbol exactly, or, when the
 * rule names only a base asset ('BTC'), any symbol of that base (BTC/USDT, BTC/USDT:USDT, BTC).
 */
export function matchesSymbol(rule: string | undefined, observed: string): boolean {
  if (rule === undefined) return true;
  if (rule === observed) return true;
  if (rule.includes('/')) return false;
  return observed.split('/')[0] === rule;
}

export function matchesOptional(rule: string | undefined, observed: string): boolean {
  return rule === undefined || rule === observed;
}
