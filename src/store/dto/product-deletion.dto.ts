/** What `DELETE /products/:id` did. */
export class ProductDeletionDto {
  id: string;
  /**
   * `deleted`: gone with its variants and images; `archived`: kept (hidden from shoppers) because
   * orders reference it.
   */
  outcome: 'deleted' | 'archived';
}
