import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { DomainError, ErrorCode } from '../common/errors';
import { AuditLog } from './audit-log.entity';
import { ListLogsQuery } from './dto/list-logs.query';
import { decodeLogCursor, encodeLogCursor, LogRow, toLogRow } from './log.mapper';

export interface LogPage {
  logs: LogRow[];
  /** Cursor of the next page when a page size was requested, or null after the last page. */
  nextCursor?: string | null;
}

/** Reads and prunes the audit log. Reading it is not logged, but pruning it always is. */
@Injectable()
export class LogsService {
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  /** Lists rows newest first, filtered, one page at a time when a page size or cursor is given. */
  async list(query: ListLogsQuery): Promise<LogPage> {
    const builder = this.logs.createQueryBuilder('log').orderBy('log.id', 'DESC');
    if (query.user !== undefined) {
      builder.andWhere('LOWER(log.actor) = LOWER(:user)', { user: query.user });
    }

    if (query.actionType !== undefined) {
      builder.andWhere('log.action = :action', { action: query.actionType });
    }

    if (query.objectClass !== undefined) {
      builder.andWhere('log.objectClass = :objectClass', { objectClass: query.objectClass });
    }

    if (query.since !== undefined) {
      builder.andWhere('log.loggedAt >= :since', { since: parseTime(query.since, 'since') });
    }

    if (query.until !== undefined) {
      builder.andWhere('log.loggedAt < :until', { until: parseTime(query.until, 'until') });
    }

    const paged = query.page_size !== undefined || query.cursor !== undefined;
    if (!paged) {
      return { logs: (await builder.getMany()).map(toLogRow) };
    }

    if (query.cursor !== undefined) {
      builder.andWhere('log.id < :after', { after: cursorId(query.cursor) });
    }

    const pageSize = query.page_size ?? 100;
    const rows = await builder.take(pageSize + 1).getMany();
    const page = rows.slice(0, pageSize);
    const nextCursor = rows.length > pageSize ? encodeLogCursor(page[page.length - 1].id) : null;

    return { logs: page.map(toLogRow), nextCursor };
  }

  /** Deletes every row, writes one that records who did it, and returns the number deleted. */
  async reset(actor: string): Promise<number> {
    return this.logs.manager.transaction(async (manager) => {
      const { affected } = await manager.createQueryBuilder().delete().from(AuditLog).execute();
      await insertPruneRow(manager, actor, 'ALL', 'RESET');

      return affected ?? 0;
    });
  }

  /** Deletes the rows with ids from `min` to `max` inclusive and logs who did it. */
  async truncate(min: number, max: number, actor: string): Promise<number> {
    if (min > max) {
      throw new DomainError(ErrorCode.InvalidInput, `max (${max}) must be at least min (${min}).`, {
        field: 'max',
      });
    }

    return this.logs.manager.transaction(async (manager) => {
      const { affected } = await manager
        .createQueryBuilder()
        .delete()
        .from(AuditLog)
        .where('id BETWEEN :min AND :max', { min, max })
        .execute();
      await insertPruneRow(manager, actor, `ids ${min}-${max}`, 'TRUNCATE');

      return affected ?? 0;
    });
  }
}

async function insertPruneRow(
  manager: EntityManager,
  actor: string,
  affectedObject: unknown,
  extraMessage: string,
): Promise<void> {
  await manager.save(
    manager.create(AuditLog, {
      actor,
      action: 'DELETE',
      objectClass: 'LOG',
      affectedObject,
      extraMessage,
      outcome: 'success',
    }),
  );
}

function parseTime(value: string, field: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new DomainError(ErrorCode.InvalidInput, `${field} is not a valid ISO 8601 time.`, {
      field,
    });
  }

  return time;
}

function cursorId(cursor: string): number {
  const id = decodeLogCursor(cursor);
  if (id === undefined) {
    throw new DomainError(ErrorCode.InvalidInput, 'cursor is not a cursor this endpoint issued.', {
      field: 'cursor',
    });
  }

  return id;
}
