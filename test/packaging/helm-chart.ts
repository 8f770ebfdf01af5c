import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { TemplateSet } from './go-template';

export const CHART_DIR = join(__dirname, '..', '..', 'deploy', 'helm', 'interlock');

export type Values = Record<string, unknown>;

/** A Kubernetes object as rendered, with the template file it came from. */
export interface Manifest {
  file: string;
  object: {
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    [key: string]: unknown;
  };
}

export interface RenderedChart {
  manifests: Manifest[];
  notes: string;
}

export interface ChartMetadata {
  name: string;
  version: string;
  appVersion: string;
  [key: string]: unknown;
}

export function readChartMetadata(): ChartMetadata {
  return parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as ChartMetadata;
}

export function readValuesFile(path: string): Values {
  return (parse(readFileSync(path, 'utf8')) ?? {}) as Values;
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges values files as Helm does: maps merge key by key, lists and scalars replace, null deletes. */
export function mergeValues(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete merged[key];
    } else if (isMap(value) && isMap(merged[key])) {
      merged[key] = mergeValues(merged[key], value);
    } else {
      merged[key] = value;
    }
  }

  return merged;
}

/** Returns the chart's default values merged with each of `overrides` in turn. */
export function chartValues(...overrides: Values[]): Values {
  return overrides.reduce(mergeValues, readValuesFile(join(CHART_DIR, 'values.yaml')));
}

/**
 * Renders every template of the chart as `helm template` would for a fresh install of release
 * `releaseName`: files starting with `_` only contribute named templates, NOTES.txt is returned
 * apart, and every other file is parsed as a stream of YAML documents.
 */
export function renderChart(
  values: Values,
  releaseName = 'interlock',
  namespace = 'identity',
): RenderedChart {
  const metadata = readChartMetadata();
  const templatesDir = join(CHART_DIR, 'templates');
  const files = readdirSync(templatesDir).sort();
  const templates = new TemplateSet();
  for (const file of files) {
    templates.add(file, readFileSync(join(templatesDir, file), 'utf8'));
  }

  const data = {
    Values: values,
    Release: {
      Name: releaseName,
      Namespace: namespace,
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Chart: {
      Name: metadata.name,
      Version: metadata.version,
      AppVersion: metadata.appVersion,
    },
  };

  const manifests: Manifest[] = [];
  let notes = '';
  for (const file of files) {
    if (file.startsWith('_')) {
      continue;
    }

    const output = templates.render(file, data);
    if (file === 'NOTES.txt') {
      notes = output;
      continue;
    }

    for (const document of parseAllDocuments(output)) {
      if (document.errors.length > 0) {
        throw new Error(`${file} renders invalid YAML: ${document.errors[0].message}\n${output}`);
      }

      const object = document.toJS({ maxAliasCount: 0 }) as Manifest['object'] | null;
      if (object !== null) {
        manifests.push({ file, object });
      }
    }
  }

  return { manifests, notes };
}
