import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { isStaff } from '../accounts/role';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors/domain-error';
import { offsetOf, Page, toPage } from '../common/pagination';
import { query, Queryable } from '../common/raw-rows';
import { CommentDto, CommentPageDto, CommentThreadDto, ModeratedCommentDto } from './dto/comment.dto';
import { CreateCommentDto } from './dto/create-comment.dto';
import { ListCommentsQueryDto } from './dto/list-comments-query.dto';
import {
  BulkModerateCommentsDto,
  BulkModerationResultDto,
  ModerateCommentDto,
} from './dto/moderate-comment.dto';
import { CommentStatus } from './entities/comment.entity';
import { ProductLookup } from './product-lookup';

interface CommentRow {
  id: string;
  product_id: string;
  product_name: string;
  parent_id: string | null;
  author_id: string;
  author_name: string;
  author_active: boolean;
  body: string;
  status: CommentStatus;
  moderated_by: string | null;
  moderator_name: string | null;
  moderated_at: Date | null;
  moderation_reason: string | null;
  created_at: Date;
  total?: string;
}

const COMMENT_SELECT = `
  SELECT c.id, c.product_id, p.name AS product_name, c.parent_id, c.author_id, a.name AS author_name,
         a.active AS author_active, c.body, c.status, c.moderated_by, m.name AS moderator_name,
         c.moderated_at, c.moderation_reason, c.created_at`;
const COMMENT_FROM = `
    FROM comment c
    JOIN "user" a ON a.id = c.author_id
    JOIN product p ON p.id = c.product_id
    LEFT JOIN "user" m ON m.id = c.moderated_by`;

/**
 * What a caller sees of a product's comments: approved ones of active authors (a deactivated
 * author's comments leave the public while the account is off, and come back with it), plus
 * their own whatever the status ($2 is the caller's id, or null).
 */
const SEEN = `((c.status = 'approved' AND a.active) OR c.author_id = $2)`;

const toCommentDto = (row: CommentRow, userId: string | undefined): CommentDto => ({
  id: row.id,
  productId: row.product_id,
  parentId: row.parent_id,
  author: { id: row.author_id, name: row.author_name },
  body: row.body,
  status: row.status,
  mine: row.author_id === userId,
  createdAt: row.created_at,
});

const toModeratedDto = (row: CommentRow): ModeratedCommentDto => ({
  id: row.id,
  productId: row.product_id,
  productName: row.product_name,
  parentId: row.parent_id,
  author: { id: row.author_id, name: row.author_name },
  authorActive: row.author_active,
  body: row.body,
  status: row.status,
  moderatedBy: row.moderated_by ? { id: row.moderated_by, name: row.moderator_name ?? '' } : null,
  moderatedAt: row.moderated_at,
  moderationReason: row.moderation_reason,
  createdAt: row.created_at,
});

/** Product comments: posting, the public thread, and the staff's moderation (who and when recorded). */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductLookup,
  ) {}

  /**
   * New comments start `pending`. A reply (`parentId`) by the product's seller or by staff is
   * approved at once, recorded as moderated by its author.
   */
  async create(productId: string, dto: CreateCommentDto, user: AuthUser): Promise<CommentDto> {
    const product = await this.products.visible(productId, this.dataSource);
    const trusted = !!dto.parentId && (product.sellerId === user.id || isStaff(user.role));
    if (dto.parentId) await this.checkParent(dto.parentId, product.id, user);
    const [row] = await query<{ id: string }>(
      `INSERT INTO comment (product_id, author_id, parent_id, body, status, moderated_by, moderated_at, moderation_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        product.id,
        user.id,
        dto.parentId ?? null,
        dto.body,
        trusted ? CommentStatus.Approved : CommentStatus.Pending,
        trusted ? user.id : null,
        trusted ? new Date() : null,
        trusted ? (isStaff(user.role) ? 'Reply by staff' : "Reply by the product's seller") : null,
      ],
      this.dataSource,
    );
    return toCommentDto(await this.row(row.id, this.dataSource), user.id);
  }

  /** Top-level comments newest first, each with its replies: two queries per page, whatever its size. */
  async forProduct(
    idOrSlug: string,
    q: { page: number; perPage: number },
    user: AuthUser | undefined,
  ): Promise<CommentPageDto> {
    const product = await this.products.visible(idOrSlug, this.dataSource);
    const me = user?.id ?? null;
    const top = await query<CommentRow>(
      `${COMMENT_SELECT}, count(*) OVER () AS total ${COMMENT_FROM}
        WHERE c.product_id = $1 AND c.parent_id IS NULL AND ${SEEN}
        ORDER BY c.created_at DESC, c.id DESC LIMIT $3 OFFSET $4`,
      [product.id, me, q.perPage, offsetOf(q)],
      this.dataSource,
    );
    const replies = top.length
      ? await query<CommentRow>(
          `${COMMENT_SELECT} ${COMMENT_FROM}
            WHERE c.product_id = $1 AND c.parent_id = ANY($3::uuid[]) AND ${SEEN}
            ORDER BY c.created_at, c.id`,
          [product.id, me, top.map((c) => c.id)],
          this.dataSource,
        )
      : [];
    let total = top.length ? Number(top[0].total) : 0;
    if (!top.length && q.page > 1) {
      const [{ count }] = await query<{ count: string }>(
        `SELECT count(*) AS count ${COMMENT_FROM} WHERE c.product_id = $1 AND c.parent_id IS NULL AND ${SEEN}`,
        [product.id, me],
        this.dataSource,
      );
      total = Number(count);
    }
    const data: CommentThreadDto[] = top.map((row) => ({
      ...toCommentDto(row, user?.id),
      replies: replies.filter((r) => r.parent_id === row.id).map((r) => toCommentDto(r, user?.id)),
    }));
    return toPage(data, total, q);
  }

  /** The staff queue: by status (default pending), oldest first unless `sort=-createdAt`. */
  async list(q: ListCommentsQueryDto): Promise<Page<ModeratedCommentDto>> {
    const params: unknown[] = [q.status];
    const where = ['c.status = $1'];
    if (q.product) where.push(`c.product_id = $${params.push(q.product)}`);
    const direction = q.sort === '-createdAt' ? 'DESC' : 'ASC';
    const n = params.length;
    const rows = await query<CommentRow>(
      `${COMMENT_SELECT}, count(*) OVER () AS total ${COMMENT_FROM}
        WHERE ${where.join(' AND ')}
        ORDER BY c.created_at ${direction}, c.id ${direction} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, q.perPage, offsetOf(q)],
      this.dataSource,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && q.page > 1) {
      const [{ count }] = await query<{ count: string }>(
        `SELECT count(*) AS count FROM comment c WHERE ${where.join(' AND ')}`,
        params,
        this.dataSource,
      );
      total = Number(count);
    }
    return toPage(rows.map(toModeratedDto), total, q);
  }

  async moderate(id: string, dto: ModerateCommentDto, staff: AuthUser): Promise<ModeratedCommentDto> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE comment SET status = $2, moderated_by = $3, moderated_at = now(), moderation_reason = $4, updated_at = now()
        WHERE id = $1`,
      [id, dto.status, staff.id, dto.reason ?? null],
    )) as [unknown, number];
    if (!affected) throw new NotFoundError('Comment');
    return toModeratedDto(await this.row(id, this.dataSource));
  }

  /**
   * All or nothing: every id must exist (404 naming the missing ones, nothing written). The rows
   * are locked in id order first, so two bulk moderations over overlapping ids cannot deadlock and
   * `changed` reports exactly what this call changed.
   */
  async moderateMany(dto: BulkModerateCommentsDto, staff: AuthUser): Promise<BulkModerationResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const found = await query<{ id: string; status: CommentStatus }>(
        `SELECT id, status FROM comment WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [dto.ids],
        manager,
      );
      if (found.length !== dto.ids.length) {
        const known = new Set(found.map((c) => c.id));
        throw new NotFoundError('Comment', { missing: dto.ids.filter((id) => !known.has(id)) });
      }
      const changed = found.filter((c) => c.status !== dto.status).map((c) => c.id);
      if (changed.length)
        await manager.query(
          `UPDATE comment SET status = $2, moderated_by = $3, moderated_at = now(), moderation_reason = $4, updated_at = now()
            WHERE id = ANY($1::uuid[])`,
          [changed, dto.status, staff.id, dto.reason ?? null],
        );
      const changedSet = new Set(changed);
      return {
        status: dto.status,
        changed: dto.ids.filter((id) => changedSet.has(id)),
        unchanged: dto.ids.filter((id) => !changedSet.has(id)),
      };
    });
  }

  private async checkParent(parentId: string, productId: string, user: AuthUser): Promise<void> {
    const [parent] = await query<{ parent_id: string | null; status: CommentStatus; author_id: string }>(
      `SELECT parent_id, status, author_id FROM comment WHERE id = $1 AND product_id = $2`,
      [parentId, productId],
      this.dataSource,
    );
    const visibleToCaller =
      parent &&
      (parent.status === CommentStatus.Approved || parent.author_id === user.id || isStaff(user.role));
    if (!parent || !visibleToCaller) throw new NotFoundError('Comment');
    if (parent.parent_id)
      throw new BadRequestError('REPLY_TOO_DEEP', 'Replies are one level deep: answer the top-level comment');
    if (parent.status !== CommentStatus.Approved)
      throw new ConflictError('COMMENT_NOT_APPROVED', 'Only approved comments can be answered');
  }

  private async row(id: string, runner: Queryable): Promise<CommentRow> {
    const [row] = await query<CommentRow>(`${COMMENT_SELECT} ${COMMENT_FROM} WHERE c.id = $1`, [id], runner);
    if (!row) throw new NotFoundError('Comment');
    return row;
  }
}
