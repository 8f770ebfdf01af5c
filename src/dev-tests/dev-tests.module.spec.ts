import { AppModule } from '../app.module';
import { loadConfig } from '../config/load-config';
import { DevTestsModule } from './dev-tests.module';

function importsFor(nodeEnv: string): unknown[] {
  const config = loadConfig({
    NODE_ENV: nodeEnv,
    JWT_SECRET: 'j'.repeat(32),
    SETTINGS_ENCRYPTION_KEY: 's'.repeat(32),
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
  });

  return AppModule.forRoot(config).imports ?? [];
}

describe(DevTestsModule.name, () => {
  it('is registered outside production', () => {
    expect(importsFor('development')).toContain(DevTestsModule);
  });

  it('is left out in production', () => {
    expect(importsFor('production')).not.toContain(DevTestsModule);
  });
});
