/** A category as a link: enough to render a breadcrumb or a menu entry. */
export class CategoryRefDto {
  id: string;
  /** @example "Temperature" */
  name: string;
  /** @example "temperature" */
  slug: string;
}

export class CategoryDto extends CategoryRefDto {
  description: string;
  /** Null for a top-level category. */
  parentId: string | null;
  /** Display order among siblings (ascending). */
  position: number;
}

/** A node of `GET /categories`: the category and its subcategories, any depth. */
export class CategoryTreeNodeDto extends CategoryDto {
  children: CategoryTreeNodeDto[];
}

/** `GET /categories/:idOrSlug`: the category, its path from the root and its direct children. */
export class CategoryDetailDto extends CategoryDto {
  /** From the top-level category down to this one (inclusive). */
  breadcrumb: CategoryRefDto[];
  children: CategoryDto[];
}
