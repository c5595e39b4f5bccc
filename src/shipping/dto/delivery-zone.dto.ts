/** A delivery zone as the storefront's select list and staff see it. */
export class DeliveryZoneDto {
  id: string;
  /** @example "Ikeja" */
  name: string;
  /** @example "Ikeja, Maryland, Ogba and Allen" */
  description: string | null;
  /** Region match: ISO 3166-1 alpha-2, null for any country. @example "NG" */
  country: string | null;
  /** Region match: the address's state must be one of these (any case); empty for any state. @example ["Lagos"] */
  states: string[];
  /** Fee in minor units. @example 150000 */
  fee: number;
  /** Subtotal (minor units) from which delivery is free; null when it never is. @example 5000000 */
  freeOver: number | null;
  /** @example 1 */
  estimatedDaysMin: number | null;
  /** @example 2 */
  estimatedDaysMax: number | null;
  currency: string;
  active: boolean;
  /** Display order (ascending, then name). */
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

/** DELETE answer: a zone no order refers to is deleted; one that orders refer to is archived. */
export class DeliveryZoneRemovalDto {
  id: string;
  /** @example "archived" */
  outcome: 'deleted' | 'archived';
}
