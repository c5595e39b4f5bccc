import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors/domain-error';
import { UUID_PATTERN } from './catalog-sql';
import { CategoryDetailDto, CategoryDto, CategoryTreeNodeDto } from './dto/category.dto';
import { CreateCategoryDto } from './dto/create-category.dto';
import { UpdateCategoryDto } from './dto/update-category.dto';
import { CATEGORY_PARENT_FK } from './entities/category.entity';
import { PRODUCT_CATEGORY_FK } from './entities/product.entity';
import { isForeignKeyViolation } from '../common/errors/pg-errors';
import { slugify } from '../common/slugify';

interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  parent_id: string | null;
  position: number;
}

const COLUMNS = 'id, name, slug, description, parent_id, position';
const ORDER = 'position, name, id';

const toDto = (r: CategoryRow): CategoryDto => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  description: r.description,
  parentId: r.parent_id,
  position: r.position,
});

/** The category tree. Staff-only writes (enforced by the controller's @Roles). */
@Injectable()
export class CategoriesService {
  constructor(private readonly dataSource: DataSource) {}

  /** The whole tree from one query: a category table is small, so load all and link in memory. */
  async tree(): Promise<CategoryTreeNodeDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM category ORDER BY ${ORDER}`,
    )) as CategoryRow[];
    const nodes = new Map<string, CategoryTreeNodeDto>(
      rows.map((r) => [r.id, { ...toDto(r), children: [] }]),
    );
    const roots: CategoryTreeNodeDto[] = [];
    for (const r of rows) {
      const node = nodes.get(r.id)!;
      const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  async findOne(idOrSlug: string): Promise<CategoryDetailDto> {
    const match = UUID_PATTERN.test(idOrSlug) ? 'id = $1::uuid' : 'slug = $1';
    const [row] = (await this.dataSource.query(
      `WITH RECURSIVE target AS (SELECT ${COLUMNS} FROM category WHERE ${match}),
       up AS (SELECT id, name, slug, parent_id, 0 AS depth FROM target
              UNION ALL SELECT c.id, c.name, c.slug, c.parent_id, up.depth + 1 FROM category c JOIN up ON c.id = up.parent_id WHERE up.depth < 32)
       SELECT t.*,
         (SELECT json_agg(json_build_object('id', id, 'name', name, 'slug', slug) ORDER BY depth DESC) FROM up) AS breadcrumb,
         (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'slug', c.slug, 'description', c.description,
                 'parentId', c.parent_id, 'position', c.position) ORDER BY c.position, c.name, c.id), '[]')
          FROM category c WHERE c.parent_id = t.id) AS children
       FROM target t`,
      [idOrSlug],
    )) as (CategoryRow & { breadcrumb: CategoryDetailDto['breadcrumb']; children: CategoryDto[] })[];
    if (!row) throw new NotFoundError('Category');
    return { ...toDto(row), breadcrumb: row.breadcrumb, children: row.children };
  }

  async create(dto: CreateCategoryDto): Promise<CategoryDto> {
    const slug = dto.slug ?? this.slugFrom(dto.name);
    // The unique index decides: a taken slug is a 409 SLUG_TAKEN from the exception filter.
    const [row] = (await this.dataSource.query(
      `INSERT INTO category (name, slug, description, parent_id, position) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [dto.name.trim(), slug, dto.description ?? '', dto.parentId ?? null, dto.position ?? 0],
    )) as CategoryRow[];
    return toDto(row);
  }

  async update(id: string, dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.dataSource.transaction(async (manager) => {
      if (dto.parentId) await this.assertNoCycle(id, dto.parentId, manager);
      const sets: string[] = [];
      const values: unknown[] = [id];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (dto.name !== undefined) set('name', dto.name.trim());
      if (dto.slug !== undefined) set('slug', dto.slug);
      if (dto.description !== undefined) set('description', dto.description);
      if (dto.parentId !== undefined) set('parent_id', dto.parentId);
      if (dto.position !== undefined) set('position', dto.position);
      sets.push('updated_at = now()');
      const [rows] = (await manager.query(
        `UPDATE category SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
        values,
      )) as [CategoryRow[], number];
      if (!rows.length) throw new NotFoundError('Category');
      return toDto(rows[0]);
    });
  }

  /**
   * Deletes an empty category. The RESTRICT foreign keys decide (no racy pre-check): when one
   * fires, the 409 says what is still in the way.
   */
  async remove(id: string): Promise<void> {
    try {
      const [, count] = (await this.dataSource.query(`DELETE FROM category WHERE id = $1`, [id])) as [
        unknown,
        number,
      ];
      if (!count) throw new NotFoundError('Category');
    } catch (err) {
      if (!isForeignKeyViolation(err, [CATEGORY_PARENT_FK, PRODUCT_CATEGORY_FK])) throw err;
      const [c] = (await this.dataSource.query(
        `SELECT name, (SELECT count(*)::int FROM category WHERE parent_id = $1) AS children,
                (SELECT count(*)::int FROM product WHERE category_id = $1) AS products FROM category WHERE id = $1`,
        [id],
      )) as { name: string; children: number; products: number }[];
      const parts = [
        c.children ? `${c.children} subcategor${c.children === 1 ? 'y' : 'ies'}` : '',
        c.products ? `${c.products} product${c.products === 1 ? '' : 's'}` : '',
      ].filter(Boolean);
      throw new ConflictError(
        c.children ? 'CATEGORY_HAS_CHILDREN' : 'CATEGORY_HAS_PRODUCTS',
        `Category "${c.name}" still has ${parts.join(' and ')}; move or delete them first`,
        { children: c.children, products: c.products },
      );
    }
  }

  /**
   * Moving a category under itself or one of its descendants would detach a loop from the tree.
   * A transaction-scoped advisory lock serialises moves, so two concurrent moves cannot each pass
   * the check and together make a cycle.
   */
  private async assertNoCycle(id: string, newParentId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('bazaar:category-tree'))`);
    const [hit] = (await manager.query(
      `WITH RECURSIVE up AS (SELECT id, parent_id, 0 AS depth FROM category WHERE id = $1
         UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM category c JOIN up ON c.id = up.parent_id WHERE up.depth < 32)
       SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
      [newParentId, id],
    )) as unknown[];
    if (hit)
      throw new BadRequestError(
        'CATEGORY_CYCLE',
        'A category cannot be moved under itself or one of its subcategories',
      );
  }

  private slugFrom(name: string): string {
    const slug = slugify(name, 120);
    if (!slug)
      throw new BadRequestError(
        'SLUG_REQUIRED',
        'The name has no letters or digits to make a slug from; give a slug',
      );
    return slug;
  }
}
