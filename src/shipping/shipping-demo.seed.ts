import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryZonesService } from './delivery-zones.service';

/**
 * The gift shop's delivery locations (its original order form's select list), in that order.
 * Fees are minor units of the store currency, on the scale of the default SHIPPING_FEE; the shop is
 * in Abeokuta, so nearby towns cost less and the far ones have no free-delivery threshold.
 */
export const DEMO_DELIVERY_ZONES = [
  { name: 'Abeokuta', states: ['Ogun'], fee: 300, freeOver: 5000, estimatedDaysMin: 1, estimatedDaysMax: 1 },
  { name: 'Sagamu', states: ['Ogun'], fee: 500, freeOver: 8000, estimatedDaysMin: 1, estimatedDaysMax: 2 },
  { name: 'Ijebu-Ode', states: ['Ogun'], fee: 600, freeOver: 8000, estimatedDaysMin: 1, estimatedDaysMax: 2 },
  {
    name: 'Ijebu-Igbo',
    states: ['Ogun'],
    fee: 700,
    freeOver: 8000,
    estimatedDaysMin: 2,
    estimatedDaysMax: 3,
  },
  { name: 'Ibadan', states: ['Oyo'], fee: 800, freeOver: 10000, estimatedDaysMin: 2, estimatedDaysMax: 3 },
  { name: 'Ikeja', states: ['Lagos'], fee: 1000, freeOver: 12000, estimatedDaysMin: 2, estimatedDaysMax: 3 },
  { name: 'Lekki', states: ['Lagos'], fee: 1200, freeOver: 12000, estimatedDaysMin: 2, estimatedDaysMax: 4 },
  {
    name: 'Other',
    description: 'Anywhere else in Nigeria; we confirm the date by phone',
    states: [],
    fee: 1500,
    freeOver: null,
    estimatedDaysMin: 3,
    estimatedDaysMax: 7,
  },
] as const;

/** The shipping step of the demo seed: the zones above, unless the shop already has zones. */
@Injectable()
export class ShippingDemoSeed {
  constructor(
    private readonly dataSource: DataSource,
    private readonly zones: DeliveryZonesService,
  ) {}

  async run(): Promise<{ zones: number }> {
    const [{ has }] = await this.dataSource.query<{ has: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM delivery_zone) AS has`,
    );
    if (has) return { zones: 0 };
    let position = 0;
    for (const zone of DEMO_DELIVERY_ZONES) {
      await this.zones.create({ ...zone, states: [...zone.states], country: 'NG', position: position++ });
    }
    return { zones: DEMO_DELIVERY_ZONES.length };
  }
}
