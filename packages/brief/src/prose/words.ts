/**
 * Word count of Markdown prose: headings, paragraphs and list items, without Markdown syntax,
 * image links and tables. A word is a whitespace-separated token with a letter or digit
 * ("$1.91B", "6.97%", "S&P" and "500" each count once).
 */
export function countWords(markdown: string): number {
  const prose = markdown
    .split('\n')
    .filter((line) => !line.startsWith('|') && !line.startsWith('!['))
    .join('\n')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#*_`>]/g, ' ');
  return prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
