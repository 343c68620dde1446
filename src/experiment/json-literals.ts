/**
 * JSON.parse reads a number too large for a double (1e999) as Infinity, and every later message
 * would show it as JSON does: null. This finds such literals as written, so a message can say
 * "received 1e999".
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MARK = "\u0000nnlab-non-finite:";

/**
 * The number literals of a JSON text that parse to +-Infinity, as written, keyed by the
 * JSON.stringify of their path (["optimizer", "learningRate"]). Empty for text that is not JSON.
 */
export function nonFiniteLiterals(text: string): Map<string, string> {
  const literals: string[] = [];
  let marked = "";
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      // Skip the string (its digits are not numbers), escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      continue;
    }
    if (c !== "-" && (c < "0" || c > "9")) continue;
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) continue;
    if (!Number.isFinite(Number(match[0]))) {
      // Parse it as a marked string instead, to learn where it sits in the value.
      marked += text.slice(copied, i) + JSON.stringify(MARK + literals.length);
      literals.push(match[0]);
      copied = i + match[0].length;
    }
    i += match[0].length - 1;
  }
  const found = new Map<string, string>();
  if (literals.length === 0) return found;
  let value: unknown;
  try {
    value = JSON.parse(marked + text.slice(copied));
  } catch {
    return found;
  }
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (typeof node === "string" && node.startsWith(MARK)) found.set(JSON.stringify(path), literals[Number(node.slice(MARK.length))]!);
    else if (Array.isArray(node)) node.forEach((item, k) => walk(item, [...path, k]));
    else if (node && typeof node === "object") for (const [key, item] of Object.entries(node)) walk(item, [...path, key]);
  };
  walk(value, []);
  return found;
}
