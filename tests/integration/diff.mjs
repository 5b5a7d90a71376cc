// Field-by-field comparison of two transcripts: every differing leaf, with its path.

function describe(value) {
  return value === undefined ? '(missing)' : JSON.stringify(value);
}

function walk(path, a, b, out) {
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({path, reference: describe(a), peer: describe(b)});
    return;
  }
  if (Array.isArray(a) && a.length !== b.length) {
    out.push({path: `${path}.length`, reference: String(a.length), peer: String(b.length)});
  }
  const keys = Array.isArray(a) ? [...Array(Math.max(a.length, b.length)).keys()] :
                                  [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) walk(path ? `${path}.${key}` : String(key), a[key], b[key], out);
}

// Returns [{path, reference, peer}] for each leaf that differs; empty when the two agree.
export function diffTranscripts(reference, peer) {
  const out = [];
  walk('', reference, peer, out);
  return out;
}
