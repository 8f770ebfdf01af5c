import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DockerfileParser } from 'dockerfile-ast';
import { validate, ValidationSeverity } from 'dockerfile-utils';

// The Dockerfile, checked without a Docker engine: dockerfile-utils' linter plus the properties
// the Helm chart and a read-only, non-root deployment rely on. Only `docker build` proves that
// the image builds.

const ROOT = join(__dirname, '..');
const SOURCE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(SOURCE);
const instructions = dockerfile.getInstructions();
const stages = dockerfile.getFROMs();
const finalStageStart = stages[stages.length - 1].getRange().start.line;
const finalStage = instructions.filter(
  (instruction) => instruction.getRange().start.line >= finalStageStart,
);

function argumentsOf(keyword: string, inFinalStage = true): string[] {
  return (inFinalStage ? finalStage : instructions)
    .filter((instruction) => instruction.getKeyword() === keyword)
    .map((instruction) => instruction.getTextContent().replace(/^\w+\s+/, ''));
}

describe('Dockerfile', () => {
  it('passes the dockerfile-utils linter', () => {
    const problems = validate(SOURCE, {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      directiveCasing: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    });

    expect(
      problems.map(
        (problem) =>
          `line ${problem.range.start.line + 1}: ${typeof problem.message === 'string' ? problem.message : problem.message.value}`,
      ),
    ).toEqual([]);
  });

  it('builds every stage from a pinned Node LTS slim tag', () => {
    for (const stage of stages) {
      expect(stage.getImageName()).toBe('node');
      expect(stage.getImageTag()).toMatch(/^(20|22|24)-\w+-slim$/);
    }
  });

  it('runs as a numeric non-root user', () => {
    const users = argumentsOf('USER');

    expect(users).toEqual(['1000:1000']);
  });

  it('installs only production dependencies into the final stage', () => {
    const dependencyStage = instructions.filter(
      (instruction) =>
        instruction.getKeyword() === 'RUN' &&
        /npm ci/.test(instruction.getArgumentsContent() ?? ''),
    );
    const productionInstall = dependencyStage.map((instruction) =>
      instruction.getArgumentsContent(),
    );

    expect(productionInstall).toContainEqual(
      expect.stringContaining('npm ci --omit=dev --ignore-scripts'),
    );
    expect(argumentsOf('COPY')).toEqual([
      'package.json ./',
      '--from=dependencies /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
    ]);
    expect(argumentsOf('RUN').join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('declares the data volume, port, signal and command', () => {
    expect(argumentsOf('VOLUME')).toEqual(['["/data"]']);
    expect(argumentsOf('EXPOSE')).toEqual(['8000']);
    expect(argumentsOf('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(argumentsOf('CMD')).toEqual(['["node", "dist/main.js"]']);
    expect(argumentsOf('ENV').join(' ')).toMatch(/NODE_ENV=production/);
    expect(argumentsOf('ENV').join(' ')).toMatch(/DATA_DIR=\/data/);
  });

  it('checks /healthz with node in HEALTHCHECK', () => {
    const [healthcheck] = argumentsOf('HEALTHCHECK');

    expect(healthcheck).toContain('CMD ["node", "-e"');
    expect(healthcheck).toContain("path: '/healthz'");
  });

  it('labels the image with OCI annotations', () => {
    const labels = argumentsOf('LABEL').join(' ');
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
      license: string;
    };

    for (const name of ['title', 'description', 'licenses', 'version', 'revision']) {
      expect(labels).toContain(`org.opencontainers.image.${name}=`);
    }

    expect(labels).toContain(`org.opencontainers.image.licenses="${packageJson.license}"`);
    expect(argumentsOf('ARG')).toContain(`VERSION=${packageJson.version}`);
  });

  it('builds the migration entry point the chart runs', () => {
    expect(argumentsOf('RUN', false)).toContainEqual(expect.stringContaining('npm run build'));
    expect(existsSync(join(ROOT, 'src', 'migrate.ts'))).toBe(true);
  });

  it('keeps build inputs in the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const copied = argumentsOf('COPY', false)
      .filter((source) => !source.startsWith('--from'))
      .flatMap((source) => source.split(/\s+/).slice(0, -1));

    for (const source of copied) {
      expect(
        ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
      ).toEqual([]);
    }
  });
});
