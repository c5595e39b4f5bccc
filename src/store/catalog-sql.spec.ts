import { HIDDEN_SELLERS, productDetailSql, productListSql, ProductListParams } from './catalog-sql';

const base: ProductListParams = {
  scope: { kind: 'public' },
  sort: [{ key: 'createdAt', direction: 'DESC' }],
  limit: 20,
  offset: 0,
};
const placeholders = (text: string) => [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));

describe('catalog SQL', () => {
  it('passes every input as a parameter, never inside the SQL text', () => {
    const evil = "x'); DROP TABLE product; --";
    const s = productListSql({
      ...base,
      q: evil,
      category: evil,
      seller: evil,
      minPrice: 1,
      maxPrice: 2,
      minRating: 3,
      inStock: true,
    });
    expect(s.text).not.toContain('DROP TABLE');
    const used = new Set(placeholders(s.text));
    expect(Math.max(...used)).toBe(s.values.length);
    expect(used.size).toBe(s.values.length);
    // perPage + 1 rows: the extra one only tells whether there is a next page.
    expect(s.values).toEqual(expect.arrayContaining([evil, 1, 2, 3, 21, 0]));
  });

  it('applies the public visibility rule, or the owner/staff status filters', () => {
    // Sellers switched off: their ids excluded (product_live_seller_count), no per-row join to "user".
    expect(productListSql(base).text).toContain(
      `WHERE p.active AND NOT p.archived AND p.seller_id <> ALL (${HIDDEN_SELLERS})`,
    );
    expect(HIDDEN_SELLERS).toContain('WHERE NOT hu.active');
    const owner = productListSql({ ...base, scope: { kind: 'owner', sellerId: 'u1', status: 'inactive' } });
    expect(owner.text).toContain('p.seller_id = $1 AND NOT p.active AND NOT p.archived');
    expect(productListSql({ ...base, scope: { kind: 'staff' } }).text).toContain('WHERE NOT p.archived');
    expect(productListSql({ ...base, scope: { kind: 'staff', status: 'all' } }).text).not.toMatch(
      /WHERE\s+(AND|ORDER|\))/,
    );
  });

  it('orders by the sort keys with an id tie-break in the first key direction', () => {
    const s = productListSql({
      ...base,
      sort: [
        { key: 'rating', direction: 'DESC' },
        { key: 'price', direction: 'ASC' },
      ],
    });
    expect(s.text).toContain('ORDER BY p.rating_avg DESC, p.min_price ASC, p.id DESC');
    expect(s.text).toContain('json_agg(to_json(r) ORDER BY r.rating_avg DESC, r.min_price ASC, r.id DESC)');
  });

  it('ranks search hits once and sorts them by relevance, unprepared', () => {
    const s = productListSql({ ...base, q: 'walnut', sort: [{ key: 'relevance', direction: 'ASC' }] });
    expect(s.text).toContain('hits AS MATERIALIZED');
    expect(s.text).toContain('ORDER BY rank DESC, id DESC');
    expect(s.name).toBeUndefined();
  });

  it('matches a category by id or slug, with all its descendants', () => {
    expect(productListSql({ ...base, category: 'bottles' }).text).toContain('WHERE slug = $1 UNION ALL');
    expect(productListSql({ ...base, category: '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f' }).text).toContain(
      'WHERE id = $1::uuid',
    );
    expect(productListSql({ ...base, category: 'bottles' }).text).toContain(
      'p.category_id = ANY (ARRAY(SELECT id FROM cat_tree))',
    );
  });

  it('names prepared statements by their text', () => {
    const a = productDetailSql('blue-bottle');
    const b = productDetailSql('red-bottle');
    const c = productDetailSql('6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f');
    expect(a.name).toMatch(/^catalog_[0-9a-z]+$/);
    expect(a.name).toBe(b.name);
    expect(c.name).not.toBe(a.name);
    expect(productListSql(base).name).not.toBe(productListSql({ ...base, inStock: true }).name);
  });
});
