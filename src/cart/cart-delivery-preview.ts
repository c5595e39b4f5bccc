import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadRequestError } from '../common/errors/domain-error';

/** What a delivery zone charges, as the module that owns zones (shipping) answers it. */
export interface DeliveryRule {
  zone: { id: string; name: string; estimatedDaysMin: number | null; estimatedDaysMax: number | null } | null;
  /** Fee in minor units, charged below `freeOver`. */
  fee: number;
  /** Subtotal from which delivery is free; null: never free. */
  freeOver: number | null;
}

export type DeliveryRuleLookup = (zoneId: string, manager: EntityManager) => Promise<DeliveryRule>;

/**
 * The seam for `GET /cart?deliveryZoneId=`: delivery zones live in the shipping module, above the
 * cart, which registers its lookup here in onModuleInit so the cart never imports it.
 */
@Injectable()
export class CartDeliveryPreview {
  private lookup?: DeliveryRuleLookup;

  register(lookup: DeliveryRuleLookup): void {
    this.lookup = lookup;
  }

  ruleFor(zoneId: string, manager: EntityManager): Promise<DeliveryRule> {
    if (!this.lookup)
      throw new BadRequestError('DELIVERY_ZONES_UNAVAILABLE', 'Delivery zones are not available');
    return this.lookup(zoneId, manager);
  }
}
