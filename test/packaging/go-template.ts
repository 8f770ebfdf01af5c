import { createHash } from 'node:crypto';

import { stringify } from 'yaml';

/**
 * A renderer for the subset of Go's text/template and of Helm's functions that the chart in
 * deploy/helm/interlock uses, so CI can render the chart without the helm binary. Anything
 * outside that subset raises a TemplateError naming the file and line, so a template that
 * starts using a new construct fails the chart tests instead of rendering wrongly.
 *
 * Supported syntax: text with `{{- ` / ` -}}` trimming, comments, `define`, `if` / `else if` /
 * `else`, `with` and `range` without `else`, and `$variable :=` declarations. Ranges over maps
 * sort the keys as Go does. Expressions are pipelines, parenthesised pipelines, field chains on
 * `.`, `$` and variables, string, integer and boolean literals, and the FUNCTION_NAMES.
 *
 * It is stricter than Helm in one way: reading a key that is missing from a map raises an error
 * (Helm prints nothing), so every value a template reads must be defined in values.yaml.
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

type Value = unknown;

interface Location {
  file: string;
  line: number;
}

type Operand =
  | { kind: 'literal'; value: Value }
  // base is 'dot' for `.`, 'root' for `$`, or a variable name such as `$ref`.
  | { kind: 'field'; base: string; path: string[] }
  | { kind: 'function'; name: string }
  | { kind: 'pipeline'; pipeline: Pipeline };

interface Pipeline {
  declarations: string[];
  commands: Operand[][];
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline; at: Location }
  | {
      kind: 'if';
      branches: Array<{ condition: Pipeline; body: Node[] }>;
      otherwise: Node[];
      at: Location;
    }
  | { kind: 'with'; pipeline: Pipeline; body: Node[]; at: Location }
  | { kind: 'range'; pipeline: Pipeline; body: Node[]; at: Location };

interface Scope {
  dot: Value;
  root: Value;
  variables: Array<Map<string, Value>>;
}

/** Every template function the chart may use; any other name is rejected at parse time. */
const FUNCTION_NAMES = [
  'contains',
  'default',
  'dict',
  'include',
  'indent',
  'nindent',
  'not',
  'or',
  'printf',
  'quote',
  'sha256sum',
  'ternary',
  'toYaml',
  'trimSuffix',
  'trunc',
] as const;

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define']);
const UNSUPPORTED_KEYWORDS = new Set(['template', 'block', 'break', 'continue']);

// ---------------------------------------------------------------------------------------------
// Lexing of the text around the actions.

interface RawAction {
  content: string;
  at: Location;
}

type Piece = { kind: 'text'; text: string } | { kind: 'action'; action: RawAction };

function isSpace(character: string): boolean {
  return character === ' ' || character === '\t' || character === '\r' || character === '\n';
}

/** Splits a template into text and action pieces, applying the `{{-` and `-}}` trim markers. */
function splitActions(source: string, file: string): Piece[] {
  const pieces: Piece[] = [];
  let position = 0;
  let trimNextText = false;
  while (position < source.length) {
    const start = source.indexOf('{{', position);
    let text = start === -1 ? source.slice(position) : source.slice(position, start);
    if (trimNextText) {
      text = text.replace(/^[ \t\r\n]+/, '');
    }

    if (start === -1) {
      pieces.push({ kind: 'text', text });
      break;
    }

    const line = source.slice(0, start).split('\n').length;
    let contentStart = start + 2;
    if (source[contentStart] === '-' && isSpace(source[contentStart + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      contentStart += 1;
    } else if (source[contentStart] === '-') {
      throw new TemplateError(`${file}:${line}: "{{-" must be followed by a space`);
    }

    pieces.push({ kind: 'text', text });
    const end = findActionEnd(source, contentStart, file, line);
    let contentEnd = end;
    trimNextText = false;
    if (source[end - 1] === '-' && isSpace(source[end - 2] ?? '')) {
      contentEnd = end - 1;
      trimNextText = true;
    }

    pieces.push({
      kind: 'action',
      action: { content: source.slice(contentStart, contentEnd).trim(), at: { file, line } },
    });
    position = end + 2;
  }

  return pieces;
}

/** Returns the index of the `}}` that closes the action, skipping quoted strings and comments. */
function findActionEnd(source: string, from: number, file: string, line: number): number {
  let position = from;
  while (position < source.length) {
    const character = source[position];
    if (source.startsWith('/*', position)) {
      const close = source.indexOf('*/', position + 2);
      if (close === -1) {
        break;
      }

      position = close + 2;
      continue;
    }

    if (character === '"' || character === '`') {
      position = skipQuoted(source, position);
      continue;
    }

    if (source.startsWith('}}', position)) {
      return position;
    }

    position += 1;
  }

  throw new TemplateError(`${file}:${line}: unclosed action`);
}

function skipQuoted(source: string, start: number): number {
  const quote = source[start];
  let position = start + 1;
  while (position < source.length && source[position] !== quote) {
    position += quote === '"' && source[position] === '\\' ? 2 : 1;
  }

  return position + 1;
}

// ---------------------------------------------------------------------------------------------
// Lexing and parsing of one action's content.

type Token =
  | { kind: 'string' | 'identifier' | 'variable' | 'field'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'symbol'; text: '(' | ')' | '|' | ',' | ':=' };

function tokenize(content: string, at: Location): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const fail = (what: string): never => {
    throw new TemplateError(`${at.file}:${at.line}: ${what} in "{{ ${content} }}"`);
  };

  while (position < content.length) {
    const rest = content.slice(position);
    const character = content[position];
    if (isSpace(character)) {
      position += 1;
      continue;
    }

    if (character === '"') {
      const end = skipQuoted(content, position);
      tokens.push({ kind: 'string', text: JSON.parse(content.slice(position, end)) as string });
      position = end;
      continue;
    }

    if (character === '`') {
      const end = skipQuoted(content, position);
      tokens.push({ kind: 'string', text: content.slice(position + 1, end - 1) });
      position = end;
      continue;
    }

    const match =
      /^(:=|[()|,])/.exec(rest) ??
      /^-?[0-9]+(?![.\w])/.exec(rest) ??
      /^\$[A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest) ??
      /^(\.[A-Za-z_][A-Za-z0-9_]*)+|^\./.exec(rest) ??
      /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (match === null) {
      fail(`unsupported syntax at "${rest.slice(0, 20)}"`);
    }

    const text = match![0];
    if (/^(:=|[()|,])$/.test(text)) {
      tokens.push({ kind: 'symbol', text: text as '(' | ')' | '|' | ',' | ':=' });
    } else if (/^-?[0-9]/.test(text)) {
      tokens.push({ kind: 'number', value: Number(text) });
    } else if (text.startsWith('$')) {
      tokens.push({ kind: 'variable', text });
    } else if (text.startsWith('.')) {
      tokens.push({ kind: 'field', text });
    } else {
      tokens.push({ kind: 'identifier', text });
    }

    position += text.length;
    if (text === ')' && content[position] === '.') {
      fail('a field of a parenthesised pipeline is not supported');
    }
  }

  return tokens;
}

class ActionParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly at: Location,
  ) {}

  fail(what: string): never {
    throw new TemplateError(`${this.at.file}:${this.at.line}: ${what}`);
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  expectEnd(): void {
    if (!this.atEnd()) {
      this.fail(`unexpected ${JSON.stringify(this.tokens[this.position])}`);
    }
  }

  /** Parses `[$a[, $b] :=] command | command …` up to a closing bracket or the end. */
  pipeline(allowTwoVariables: boolean): Pipeline {
    const declarations = this.declarations(allowTwoVariables);
    const commands: Operand[][] = [];
    for (;;) {
      commands.push(this.command());
      const next = this.tokens[this.position];
      if (next?.kind === 'symbol' && next.text === '|') {
        this.position += 1;
        continue;
      }

      break;
    }

    return { declarations, commands };
  }

  private declarations(allowTwoVariables: boolean): string[] {
    const names: string[] = [];
    let probe = this.position;
    for (;;) {
      const token = this.tokens[probe];
      if (token?.kind !== 'variable' || token.text.includes('.')) {
        return [];
      }

      names.push(token.text);
      const after = this.tokens[probe + 1];
      if (after?.kind === 'symbol' && after.text === ',' && allowTwoVariables && names.length < 2) {
        probe += 2;
        continue;
      }

      if (after?.kind === 'symbol' && after.text === ':=') {
        this.position = probe + 2;

        return names;
      }

      return [];
    }
  }

  private command(): Operand[] {
    const operands: Operand[] = [];
    for (;;) {
      const token = this.tokens[this.position];
      if (token === undefined || (token.kind === 'symbol' && token.text !== '(')) {
        break;
      }

      this.position += 1;
      operands.push(this.operand(token));
    }

    if (operands.length === 0) {
      this.fail('empty command');
    }

    if (operands.length > 1 && operands[0].kind !== 'function') {
      this.fail('arguments are only supported after a function name');
    }

    return operands;
  }

  private operand(token: Token): Operand {
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: token.text };
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'symbol': {
        const pipeline = this.pipeline(false);
        const close = this.tokens[this.position];
        if (close?.kind !== 'symbol' || close.text !== ')') {
          this.fail('missing ")"');
        }

        this.position += 1;

        return { kind: 'pipeline', pipeline };
      }

      case 'variable': {
        const [name, ...path] = token.text.split('.');

        return { kind: 'field', base: name === '$' ? 'root' : name, path };
      }

      case 'field':
        return {
          kind: 'field',
          base: 'dot',
          path: token.text === '.' ? [] : token.text.split('.').slice(1),
        };
      case 'identifier':
        if (token.text === 'true' || token.text === 'false') {
          return { kind: 'literal', value: token.text === 'true' };
        }

        if (!(FUNCTION_NAMES as readonly string[]).includes(token.text)) {
          this.fail(`unknown function or keyword "${token.text}"`);
        }

        return { kind: 'function', name: token.text };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing of the node tree.

interface Parsed {
  nodes: Node[];
  defines: Map<string, Node[]>;
}

function parseTemplate(source: string, file: string): Parsed {
  const pieces = splitActions(source, file);
  const defines = new Map<string, Node[]>();
  let index = 0;

  /** Parses nodes until one of `stops` (a keyword action) and returns the stopping action. */
  const parseBlock = (stops: string[], topLevel: boolean): { nodes: Node[]; stop?: RawAction } => {
    const nodes: Node[] = [];
    while (index < pieces.length) {
      const piece = pieces[index];
      index += 1;
      if (piece.kind === 'text') {
        if (piece.text !== '') {
          nodes.push({ kind: 'text', text: piece.text });
        }

        continue;
      }

      const { content, at } = piece.action;
      if (content.startsWith('/*')) {
        if (!content.endsWith('*/')) {
          throw new TemplateError(`${at.file}:${at.line}: a comment must fill the whole action`);
        }

        continue;
      }

      const keyword = /^[a-z]+/.exec(content)?.[0] ?? '';
      if (UNSUPPORTED_KEYWORDS.has(keyword)) {
        throw new TemplateError(`${at.file}:${at.line}: "${keyword}" is not supported`);
      }

      if (stops.includes(keyword)) {
        return { nodes, stop: piece.action };
      }

      if (keyword === 'end' || keyword === 'else') {
        throw new TemplateError(`${at.file}:${at.line}: unexpected "${keyword}"`);
      }

      nodes.push(...parseKeyword(keyword, piece.action, topLevel));
    }

    if (stops.length > 0) {
      throw new TemplateError(`${file}: missing {{ end }}`);
    }

    return { nodes };
  };

  const parseKeyword = (keyword: string, action: RawAction, topLevel: boolean): Node[] => {
    const { content, at } = action;
    const rest = content.slice(keyword.length);
    if (!KEYWORDS.has(keyword) || !isSpace(rest[0] ?? ' ')) {
      return [{ kind: 'action', pipeline: parsePipeline(content, at, false), at }];
    }

    switch (keyword) {
      case 'define': {
        if (!topLevel) {
          throw new TemplateError(`${at.file}:${at.line}: "define" is only allowed at top level`);
        }

        const name = /^\s*"([^"]+)"\s*$/.exec(rest)?.[1];
        if (name === undefined) {
          throw new TemplateError(`${at.file}:${at.line}: define needs one quoted name`);
        }

        defines.set(name, parseBlock(['end'], false).nodes);

        return [];
      }

      case 'if': {
        const branches = [{ condition: parsePipeline(rest, at, false), body: [] as Node[] }];
        let otherwise: Node[] = [];
        for (;;) {
          const block = parseBlock(['else', 'end'], false);
          branches[branches.length - 1].body = block.nodes;
          const stop = block.stop!;
          if (stop.content === 'end') {
            break;
          }

          const elseRest = stop.content.slice('else'.length).trim();
          if (elseRest.startsWith('if ')) {
            branches.push({
              condition: parsePipeline(elseRest.slice(3), stop.at, false),
              body: [],
            });
            continue;
          }

          if (elseRest !== '') {
            throw new TemplateError(
              `${stop.at.file}:${stop.at.line}: "else ${elseRest}" is not supported`,
            );
          }

          otherwise = expectEnd(parseBlock(['end', 'else'], false));
          break;
        }

        return [{ kind: 'if', branches, otherwise, at }];
      }

      case 'with':
      case 'range': {
        const pipeline = parsePipeline(rest, at, keyword === 'range');
        const body = expectEnd(parseBlock(['end', 'else'], false));

        return [{ kind: keyword, pipeline, body, at }];
      }

      default:
        throw new TemplateError(`${at.file}:${at.line}: unexpected "${keyword}"`);
    }
  };

  const expectEnd = (block: { nodes: Node[]; stop?: RawAction }): Node[] => {
    if (block.stop?.content !== 'end') {
      const at = block.stop?.at;
      throw new TemplateError(
        `${at?.file}:${at?.line}: expected {{ end }}, found "${block.stop?.content}"`,
      );
    }

    return block.nodes;
  };

  const { nodes } = parseBlock([], true);

  return { nodes, defines };
}

function parsePipeline(content: string, at: Location, allowTwoVariables: boolean): Pipeline {
  const parser = new ActionParser(tokenize(content, at), at);
  const pipeline = parser.pipeline(allowTwoVariables);
  parser.expectEnd();

  return pipeline;
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

function isMap(value: Value): value is Record<string, Value> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's notion of truth: false, 0, nil and empty strings, lists and maps are false. */
function isTrue(value: Value): boolean {
  if (Array.isArray(value)) {
    return value.length > 0;
  }

  if (isMap(value)) {
    return Object.keys(value).length > 0;
  }

  return value !== false && value !== 0 && value !== '' && value !== null && value !== undefined;
}

/** Formats a value as Go's fmt does for the scalar types that YAML values produce. */
function printValue(value: Value, at: Location): string {
  if (typeof value === 'string') {
    return value;
  }

  if (typeof value === 'number' && Number.isInteger(value)) {
    return String(value);
  }

  if (typeof value === 'boolean') {
    return String(value);
  }

  throw new TemplateError(
    `${at.file}:${at.line}: cannot print ${JSON.stringify(value) ?? 'nil'} (only strings, integers and booleans)`,
  );
}

/** Serializes like Helm's toYaml (sigs.k8s.io/yaml): sorted keys, unindented lists, no final newline. */
export function toYaml(value: Value): string {
  if (value === null || value === undefined) {
    return 'null';
  }

  return stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0 }).replace(
    /\n$/,
    '',
  );
}

function indentLines(spaces: number, text: string): string {
  const pad = ' '.repeat(spaces);

  return pad + text.replace(/\n/g, `\n${pad}`);
}

function formatString(format: string, args: Value[], at: Location): string {
  let next = 0;

  return format.replace(/%([sdv%])/g, (_match, verb: string) => {
    if (verb === '%') {
      return '%';
    }

    if (next >= args.length) {
      throw new TemplateError(`${at.file}:${at.line}: printf has fewer arguments than verbs`);
    }

    return printValue(args[next++], at);
  });
}

export interface RenderContext {
  /** Named templates from every file of the chart, for `include`. */
  defines: Map<string, Node[]>;
}

class Evaluator {
  constructor(private readonly context: RenderContext) {}

  render(nodes: Node[], scope: Scope): string {
    let output = '';
    for (const node of nodes) {
      output += this.renderNode(node, scope);
    }

    return output;
  }

  private renderNode(node: Node, scope: Scope): string {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'action': {
        const value = this.pipeline(node.pipeline, scope, node.at);

        return node.pipeline.declarations.length > 0 ? '' : printValue(value, node.at);
      }

      case 'if': {
        for (const branch of node.branches) {
          if (isTrue(this.pipeline(branch.condition, scope, node.at))) {
            return this.render(branch.body, this.child(scope, scope.dot));
          }
        }

        return this.render(node.otherwise, this.child(scope, scope.dot));
      }

      case 'with': {
        const value = this.pipeline(node.pipeline, scope, node.at);

        return isTrue(value) ? this.render(node.body, this.child(scope, value)) : '';
      }

      case 'range':
        return this.renderRange(node, scope);
    }
  }

  private renderRange(node: Extract<Node, { kind: 'range' }>, scope: Scope): string {
    const collection = this.pipeline({ ...node.pipeline, declarations: [] }, scope, node.at);
    let entries: Array<[Value, Value]>;
    if (Array.isArray(collection)) {
      entries = collection.map((item, index) => [index, item]);
    } else if (isMap(collection)) {
      entries = Object.keys(collection)
        .sort()
        .map((key) => [key, collection[key]]);
    } else if (collection === null || collection === undefined) {
      entries = [];
    } else {
      throw new TemplateError(`${node.at.file}:${node.at.line}: range over a ${typeof collection}`);
    }

    let output = '';
    for (const [key, item] of entries) {
      const inner = this.child(scope, item);
      const names = node.pipeline.declarations;
      if (names.length === 1) {
        inner.variables[0].set(names[0], item);
      } else if (names.length === 2) {
        inner.variables[0].set(names[0], key);
        inner.variables[0].set(names[1], item);
      }

      output += this.render(node.body, inner);
    }

    return output;
  }

  private child(scope: Scope, dot: Value): Scope {
    return { dot, root: scope.root, variables: [new Map(), ...scope.variables] };
  }

  private pipeline(pipeline: Pipeline, scope: Scope, at: Location): Value {
    let value: Value = undefined;
    pipeline.commands.forEach((command, index) => {
      value = this.command(command, scope, at, index === 0 ? [] : [value]);
    });
    if (pipeline.declarations.length === 1) {
      scope.variables[0].set(pipeline.declarations[0], value);
    } else if (pipeline.declarations.length > 1) {
      throw new TemplateError(`${at.file}:${at.line}: two variables are only allowed in range`);
    }

    return value;
  }

  private command(operands: Operand[], scope: Scope, at: Location, piped: Value[]): Value {
    const [first, ...rest] = operands;
    if (first.kind !== 'function') {
      if (piped.length > 0) {
        throw new TemplateError(`${at.file}:${at.line}: only a function can receive a piped value`);
      }

      return this.operand(first, scope, at);
    }

    const args = [...rest.map((operand) => this.operand(operand, scope, at)), ...piped];

    return this.call(first.name, args, at);
  }

  private operand(operand: Operand, scope: Scope, at: Location): Value {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'pipeline':
        return this.pipeline(operand.pipeline, scope, at);
      case 'function':
        return this.call(operand.name, [], at);
      case 'field': {
        let value: Value;
        if (operand.base === 'dot') {
          value = scope.dot;
        } else if (operand.base === 'root') {
          value = scope.root;
        } else {
          const frame = scope.variables.find((variables) => variables.has(operand.base));
          if (frame === undefined) {
            throw new TemplateError(`${at.file}:${at.line}: undefined variable ${operand.base}`);
          }

          value = frame.get(operand.base);
        }

        for (const key of operand.path) {
          if (!isMap(value) || !(key in value)) {
            throw new TemplateError(
              `${at.file}:${at.line}: missing key "${key}" in ${operand.base}.${operand.path.join('.')}`,
            );
          }

          value = value[key];
        }

        return value;
      }
    }
  }

  private call(name: string, args: Value[], at: Location): Value {
    const arity = (count: number): void => {
      if (args.length !== count) {
        throw new TemplateError(
          `${at.file}:${at.line}: ${name} takes ${count} arguments, got ${args.length}`,
        );
      }
    };

    const text = (value: Value): string => printValue(value, at);

    switch (name as (typeof FUNCTION_NAMES)[number]) {
      case 'contains':
        arity(2);

        return text(args[1]).includes(text(args[0]));
      case 'default':
        arity(2);

        return isTrue(args[1]) ? args[1] : args[0];
      case 'dict': {
        if (args.length % 2 !== 0) {
          throw new TemplateError(`${at.file}:${at.line}: dict needs key and value pairs`);
        }

        const result: Record<string, Value> = {};
        for (let index = 0; index < args.length; index += 2) {
          result[text(args[index])] = args[index + 1];
        }

        return result;
      }

      case 'include': {
        arity(2);
        const body = this.context.defines.get(text(args[0]));
        if (body === undefined) {
          throw new TemplateError(`${at.file}:${at.line}: no template named "${text(args[0])}"`);
        }

        return this.render(body, { dot: args[1], root: args[1], variables: [new Map()] });
      }

      case 'indent':
        arity(2);

        return indentLines(Number(args[0]), text(args[1]));
      case 'nindent':
        arity(2);

        return `\n${indentLines(Number(args[0]), text(args[1]))}`;
      case 'not':
        arity(1);

        return !isTrue(args[0]);
      case 'or':
        if (args.length < 2) {
          throw new TemplateError(`${at.file}:${at.line}: or needs at least two arguments`);
        }

        return args.find((arg) => isTrue(arg)) ?? args[args.length - 1];
      case 'printf':
        if (args.length < 1) {
          throw new TemplateError(`${at.file}:${at.line}: printf needs a format`);
        }

        return formatString(text(args[0]), args.slice(1), at);
      case 'quote':
        arity(1);

        // Go quotes with strconv.Quote, which agrees with JSON for the printable text of values.
        return JSON.stringify(text(args[0]));
      case 'sha256sum':
        arity(1);

        return createHash('sha256').update(text(args[0])).digest('hex');
      case 'ternary':
        arity(3);

        return isTrue(args[2]) ? args[0] : args[1];
      case 'toYaml':
        arity(1);

        return toYaml(args[0]);
      case 'trimSuffix':
        arity(2);

        return text(args[1]).endsWith(text(args[0]))
          ? text(args[1]).slice(0, text(args[1]).length - text(args[0]).length)
          : text(args[1]);
      case 'trunc':
        arity(2);

        return text(args[1]).slice(0, Number(args[0]));
    }
  }
}

/** Parsed templates of a chart: their bodies by file name and every named template. */
export class TemplateSet {
  private readonly bodies = new Map<string, Node[]>();
  private readonly defines = new Map<string, Node[]>();

  /** Parses a file and records its `define` blocks. Raises TemplateError on unsupported syntax. */
  add(file: string, source: string): void {
    const parsed = parseTemplate(source, file);
    this.bodies.set(file, parsed.nodes);
    for (const [name, body] of parsed.defines) {
      this.defines.set(name, body);
    }
  }

  /** Renders one file with `data` as `.` and `$`. */
  render(file: string, data: Value): string {
    const body = this.bodies.get(file);
    if (body === undefined) {
      throw new TemplateError(`no template file "${file}"`);
    }

    return new Evaluator({ defines: this.defines }).render(body, {
      dot: data,
      root: data,
      variables: [new Map()],
    });
  }
}
