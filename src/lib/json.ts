/**
 * JSON nesting depth. V8 parses any depth, but what reads the value afterwards (schema validation,
 * serialisers, the log) recurses and overflows the stack on thousands of levels: every JSON the
 * platform reads from outside (request bodies, uploaded JSON files) is refused above a depth, before
 * it is parsed.
 */

/** No request or file the platform takes nests deeper than this. */
export const MAX_JSON_DEPTH = 64;

/** Whether the JSON text nests arrays and objects deeper than `max` (strings are skipped; O(n), no recursion). */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
