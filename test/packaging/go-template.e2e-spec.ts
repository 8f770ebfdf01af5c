import { TemplateError, TemplateSet } from './go-template';

// The chart renderer must agree with Go's text/template on what the chart uses, and reject
// everything else instead of guessing.

function render(source: string, data: unknown = {}): string {
  const templates = new TemplateSet();
  templates.add('test.yaml', source);

  return templates.render('test.yaml', data);
}

describe('Go template renderer', () => {
  it.each([
    ['field chain', '{{ .a.b }}', { a: { b: 'x' } }, 'x'],
    ['trim markers', 'a  \n {{- .v -}} \n  b', { v: 1 }, 'a1b'],
    ['comment', 'a{{/* note */}}b', {}, 'ab'],
    ['if else', '{{ if .on }}yes{{ else }}no{{ end }}', { on: false }, 'no'],
    ['else if', '{{ if .a }}a{{ else if .b }}b{{ end }}', { a: '', b: [1] }, 'b'],
    ['empty map is false', '{{ if .m }}yes{{ else }}no{{ end }}', { m: {} }, 'no'],
    ['with', '{{ with .m }}{{ .k }}{{ end }}', { m: { k: 'v' } }, 'v'],
    [
      'range over sorted map',
      '{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}',
      { m: { b: 2, a: 1 } },
      'a=1;b=2;',
    ],
    ['range over list', '{{ range .l }}[{{ . }}]{{ end }}', { l: ['x', 'y'] }, '[x][y]'],
    ['root inside range', '{{ range .l }}{{ $.n }}{{ end }}', { l: [1, 2], n: 'r' }, 'rr'],
    ['variable', '{{ $x := .v }}{{ $x }}', { v: 'x' }, 'x'],
    ['default', '{{ .v | default "d" }}', { v: '' }, 'd'],
    ['quote', '{{ .v | quote }}', { v: 'a "b"' }, '"a \\"b\\""'],
    ['quote boolean', '{{ .v | quote }}', { v: true }, '"true"'],
    ['printf', '{{ printf "%s-%s" .a .b }}', { a: 'x', b: 'y' }, 'x-y'],
    ['trunc and trimSuffix', '{{ .v | trunc 4 | trimSuffix "-" }}', { v: 'abc-def' }, 'abc'],
    ['contains', '{{ if contains "lock" .v }}y{{ end }}', { v: 'interlock' }, 'y'],
    ['ternary', '{{ ternary "a" "b" .v }}', { v: false }, 'b'],
    ['or', '{{ if or .a .b }}y{{ end }}', { a: '', b: 'x' }, 'y'],
    ['not', '{{ if not .a }}y{{ end }}', { a: false }, 'y'],
    [
      'toYaml nindent',
      'k:{{ toYaml .m | nindent 2 }}',
      { m: { b: [1], a: 'x' } },
      'k:\n  a: x\n  b:\n  - 1',
    ],
    [
      'sha256sum',
      '{{ "abc" | sha256sum }}',
      {},
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ],
  ])('renders %s', (_name, source, data, expected) => {
    expect(render(source, data)).toBe(expected);
  });

  it('renders include with dict', () => {
    const source =
      '{{- define "t" -}}{{ .a }}/{{ .b }}{{- end -}}{{ include "t" (dict "a" 1 "b" .v) }}';

    expect(render(source, { v: 'x' })).toBe('1/x');
  });

  it.each([
    ['an unknown function', '{{ upper .v }}'],
    ['template', '{{ template "x" . }}'],
    ['block', '{{ block "x" . }}{{ end }}'],
    ['range else', '{{ range .l }}x{{ else }}y{{ end }}'],
    ['with else', '{{ with .l }}x{{ else }}y{{ end }}'],
    ['a missing key', '{{ .missing }}'],
    ['a missing end', '{{ if .v }}x'],
    ['printing a map', '{{ .m }}'],
    ['a field of a parenthesised pipeline', '{{ (dict "a" 1).a }}'],
    ['a method call with arguments', '{{ .v "x" }}'],
    ['an unknown named template', '{{ include "none" . }}'],
  ])('rejects %s', (_name, source) => {
    expect(() => render(source, { v: 'x', l: [], m: { a: 1 } })).toThrow(TemplateError);
  });
});
