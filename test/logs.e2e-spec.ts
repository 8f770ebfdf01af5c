import { AuditService } from '../src/logs/audit.service';
import { LOCAL_ADMIN_PASSWORD, login, startTestApp, TestApp } from './support/app';

interface Row {
  id: number;
  date: string;
  user: string;
  actionType: string;
  objectClass: string;
  affectedObject: unknown;
  extraMessage: string | null;
  outcome: string;
}

describe('logs (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let audit: AuditService;

  beforeAll(async () => {
    app = await startTestApp({ LDAP_LOG_MAX: '50' });
    admin = `Bearer ${(await login(app, 'admin', LOCAL_ADMIN_PASSWORD)).access}`;
    audit = app.app.get(AuditService);
  });

  afterAll(async () => {
    await app.close();
  });

  async function seed(count: number, actor = 'log.tester'): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      await audit.record({
        actor,
        action: index % 2 === 0 ? 'UPDATE' : 'DELETE',
        objectClass: index % 3 === 0 ? 'GROUP' : 'USER',
        affectedObject: `object-${index}`,
      });
    }
  }

  async function listLogs(query: Record<string, string | number> = {}): Promise<Row[]> {
    const response = await app.http
      .get('/api/logs/')
      .query(query)
      .set('Authorization', admin)
      .expect(200);

    return response.body.logs as Row[];
  }

  async function resetLogs(): Promise<void> {
    await app.http.get('/api/logs/reset/').set('Authorization', admin).expect(200);
  }

  describe('GET api/logs/', () => {
    beforeAll(async () => {
      await resetLogs();
      await seed(6);
      await seed(2, 'other.tester');
    });

    it('lists rows newest first with headers', async () => {
      const response = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);
      const rows = response.body.logs as Row[];
      const ids = rows.map((row) => row.id);

      expect(response.body.headers).toEqual([
        'id',
        'date',
        'user',
        'actionType',
        'objectClass',
        'affectedObject',
        'extraMessage',
      ]);
      expect(ids).toEqual([...ids].sort((left, right) => right - left));
      expect(rows[0]).toMatchObject({ user: 'other.tester', outcome: 'success' });
      expect(rows[0].date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(response.body.next_cursor).toBeUndefined();
    });

    it('filters by user, case-insensitively', async () => {
      const rows = await listLogs({ user: 'OTHER.TESTER' });

      expect(rows).toHaveLength(2);
      expect(rows.every((row) => row.user === 'other.tester')).toBe(true);
    });

    it('filters by action and object class', async () => {
      const rows = await listLogs({
        user: 'log.tester',
        actionType: 'UPDATE',
        objectClass: 'GROUP',
      });

      expect(rows.map((row) => row.affectedObject)).toEqual(['object-0']);
    });

    it('filters by time range', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const past = new Date(Date.now() - 3_600_000).toISOString();

      expect(await listLogs({ since: future })).toHaveLength(0);
      expect(await listLogs({ until: past })).toHaveLength(0);
      expect((await listLogs({ since: past, until: future })).length).toBeGreaterThanOrEqual(8);
    });

    it('pages through every row once', async () => {
      const all = await listLogs();
      const seen: number[] = [];
      let cursor: string | null | undefined;
      do {
        const response = await app.http
          .get('/api/logs/')
          .query(cursor === undefined ? { page_size: 3 } : { page_size: 3, cursor })
          .set('Authorization', admin)
          .expect(200);
        seen.push(...(response.body.logs as Row[]).map((row) => row.id));
        cursor = response.body.next_cursor as string | null;
      } while (cursor !== null);

      expect(seen).toEqual(all.map((row) => row.id));
    });

    it.each([
      ['page_size', { page_size: 0 }],
      ['page_size', { page_size: 'many' }],
      ['cursor', { cursor: 'not a cursor!' }],
      ['cursor', { cursor: Buffer.from('id:abc').toString('base64url') }],
      ['actionType', { actionType: 'DROP' }],
      ['objectClass', { objectClass: "USER' OR 1=1" }],
      ['since', { since: 'yesterday' }],
      ['until', { until: '2026-13-45T00:00:00Z' }],
      ['user', { user: 'u'.repeat(300) }],
    ])('rejects a bad %s', async (field, query) => {
      const response = await app.http
        .get('/api/logs/')
        .query(query)
        .set('Authorization', admin)
        .expect(400);

      expect(response.body.field ?? response.body.detail).toContain(field);
    });

    it('treats SQL in a filter as a plain value', async () => {
      expect(await listLogs({ user: "x' OR '1'='1" })).toHaveLength(0);
    });
  });

  describe('POST api/logs/truncate/', () => {
    beforeEach(async () => {
      await resetLogs();
      await seed(5);
    });

    it('deletes an inclusive id range and records it', async () => {
      const before = await listLogs();
      const ids = before.map((row) => row.id).sort((left, right) => left - right);
      const [min, max] = [ids[1], ids[3]];

      const response = await app.http
        .post('/api/logs/truncate/')
        .set('Authorization', admin)
        .send({ min, max })
        .expect(200);
      const after = await listLogs();

      expect(response.body.data).toEqual({ min, max, deleted: 3 });
      expect(after.some((row) => row.id >= min && row.id <= max)).toBe(false);
      expect(after[0]).toMatchObject({
        user: 'admin',
        actionType: 'DELETE',
        objectClass: 'LOG',
        affectedObject: `ids ${min}-${max}`,
        extraMessage: 'TRUNCATE',
      });
      expect(after).toHaveLength(before.length - 3 + 1);
    });

    it.each([
      ['max', { min: 5, max: 2 }],
      ['min', { max: 2 }],
      ['max', { min: 1 }],
      ['min', { min: '1', max: 2 }],
      ['max', { min: 1, max: 2.5 }],
      ['min', { min: 0, max: 2 }],
      ['min', { min: null, max: 2 }],
    ])('rejects a bad %s and deletes nothing', async (field, body) => {
      const before = await listLogs();

      const response = await app.http
        .post('/api/logs/truncate/')
        .set('Authorization', admin)
        .send(body)
        .expect(400);

      expect(response.body.field ?? response.body.detail).toContain(field);
      expect(await listLogs()).toEqual(before);
    });
  });

  describe('GET api/logs/reset/', () => {
    it('leaves one row naming who reset the log', async () => {
      await seed(4);

      const response = await app.http
        .get('/api/logs/reset/')
        .set('Authorization', admin)
        .expect(200);
      const rows = await listLogs();

      expect(response.body.data.deleted).toBeGreaterThanOrEqual(4);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        user: 'admin',
        actionType: 'DELETE',
        objectClass: 'LOG',
        extraMessage: 'RESET',
      });
    });
  });

  describe('the maximum', () => {
    it('keeps only the newest LDAP_LOG_MAX rows', async () => {
      await resetLogs();
      await seed(60);
      const rows = await listLogs();

      expect(rows).toHaveLength(50);
      expect(rows[0].affectedObject).toBe('object-59');
      expect(rows[49].affectedObject).toBe('object-10');
    });

    it('keeps ids increasing across a reset', async () => {
      const [newest] = await listLogs();
      await resetLogs();
      const [marker] = await listLogs();

      expect(marker.id).toBeGreaterThan(newest.id);
    });
  });
});
