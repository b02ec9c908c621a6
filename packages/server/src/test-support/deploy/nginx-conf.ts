// A small nginx configuration reader: directives and nested blocks, enough for tests to ask
// "which directives does the location for /stream/ carry?" without a running nginx.

export interface NginxDirective {
  readonly name: string;
  readonly args: readonly string[];
  readonly block?: readonly NginxDirective[];
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /#[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[{};]|[^\s{};"'#]+/g;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('#')) continue;
    tokens.push(/^["']/.test(t) ? t.slice(1, -1) : t);
  }
  return tokens;
}

export function parseNginx(text: string): NginxDirective[] {
  const tokens = tokenize(text);
  let pos = 0;
  function parseBlock(closing: boolean): NginxDirective[] {
    const out: NginxDirective[] = [];
    let words: string[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++] ?? '';
      if (t === ';') {
        const [name, ...args] = words;
        if (name === undefined) throw new Error('empty directive');
        out.push({ name, args });
        words = [];
      } else if (t === '{') {
        const [name, ...args] = words;
        if (name === undefined) throw new Error('block without a name');
        out.push({ name, args, block: parseBlock(true) });
        words = [];
      } else if (t === '}') {
        if (!closing || words.length > 0) throw new Error('unbalanced }');
        return out;
      } else {
        words.push(t);
      }
    }
    if (closing || words.length > 0) throw new Error('unexpected end of configuration');
    return out;
  }
  return parseBlock(false);
}

export function findAll(ds: readonly NginxDirective[], name: string): NginxDirective[] {
  return ds.filter((d) => d.name === name);
}

/** Arguments of the first directive `name` directly inside `ds`. */
export function argsOf(ds: readonly NginxDirective[], name: string): readonly string[] | undefined {
  return ds.find((d) => d.name === name)?.args;
}

/** Every occurrence of `name` at any depth. */
export function findDeep(ds: readonly NginxDirective[], name: string): NginxDirective[] {
  return ds.flatMap((d) => [...(d.name === name ? [d] : []), ...findDeep(d.block ?? [], name)]);
}
