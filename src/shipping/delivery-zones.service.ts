import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CartDeliveryPreview, DeliveryRule } from '../cart/cart-delivery-preview';
import { BadRequestError, NotFoundError } from '../common/errors/domain-error';
import { registerConstraintMessage } from '../common/errors/constraint-messages';
import { ValidationFailedError } from '../common/errors/validation-error';
import { moneyOrNull, money, query } from '../common/raw-rows';
import { AppConfig } from '../config/app-config';
import { CreateDeliveryZoneDto } from './dto/create-delivery-zone.dto';
import { DeliveryZoneDto, DeliveryZoneRemovalDto } from './dto/delivery-zone.dto';
import { UpdateDeliveryZoneDto } from './dto/update-delivery-zone.dto';
import { prepared } from '../database/prepared-statement-cache';

registerConstraintMessage(
  'UQ_delivery_zone_name',
  'DELIVERY_ZONE_NAME_TAKEN',
  'A delivery zone with this name already exists',
);
registerConstraintMessage(
  'CHK_delivery_zone_days',
  'INVALID_ESTIMATED_DAYS',
  'estimatedDaysMax must be at least estimatedDaysMin',
  400,
);

interface ZoneRow {
  id: string;
  name: string;
  description: string | null;
  country: string | null;
  states: string[];
  fee: string;
  free_over: string | null;
  estimated_days_min: number | null;
  estimated_days_max: number | null;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

/** The address fields a zone's region is matched on. */
export interface DeliveryAddress {
  country: string;
  state: string;
}

const COLUMNS = `id, name, description, country, states, fee, free_over, estimated_days_min, estimated_days_max,
                 active, position, created_at, updated_at`;

/** Fields that may be left out of a PATCH but never set to null. */
const REQUIRED = ['name', 'fee', 'active', 'position', 'states'] as const;

const sameText = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * Delivery zones: staff manage them; shoppers list the active ones and pick one at checkout, where
 * `ruleFor()` prices delivery (and the cart previews it through CartDeliveryPreview). A shop with
 * no zones in use keeps the flat SHIPPING_FEE / FREE_SHIPPING_OVER rule.
 */
@Injectable()
export class DeliveryZonesService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly cartPreview: CartDeliveryPreview,
  ) {}

  onModuleInit(): void {
    this.cartPreview.register((zoneId, m) => this.ruleFor(zoneId, undefined, m));
  }

  /** Zones in display order: the active ones, or (staff) every zone not archived. */
  async list(includeInactive: boolean): Promise<DeliveryZoneDto[]> {
    const rows = await query<ZoneRow>(
      `SELECT ${COLUMNS} FROM delivery_zone
        WHERE archived_at IS NULL ${includeInactive ? '' : 'AND active'}
        ORDER BY position, name, id`,
      [],
      this.dataSource.manager,
    );
    return rows.map((r) => this.toDto(r));
  }

  /** One zone; inactive ones only for staff; archived ones for nobody. */
  async get(id: string, includeInactive: boolean): Promise<DeliveryZoneDto> {
    const [row] = await query<ZoneRow>(
      `SELECT ${COLUMNS} FROM delivery_zone WHERE id = $1 AND archived_at IS NULL ${includeInactive ? '' : 'AND active'}`,
      [id],
      this.dataSource.manager,
    );
    if (!row) throw new NotFoundError('Delivery zone', { deliveryZoneId: id });
    return this.toDto(row);
  }

  async create(dto: CreateDeliveryZoneDto): Promise<DeliveryZoneDto> {
    this.checkDays(dto.estimatedDaysMin ?? null, dto.estimatedDaysMax ?? null);
    const [row] = await query<ZoneRow>(
      `INSERT INTO delivery_zone (name, description, country, states, fee, free_over, estimated_days_min,
                                  estimated_days_max, active, position)
       VALUES ($1, $2, $3, $4::varchar[], $5, $6, $7, $8, $9, $10)
       RETURNING ${COLUMNS}`,
      [
        dto.name,
        dto.description ?? null,
        dto.country?.toUpperCase() ?? null,
        this.cleanStates(dto.states ?? []),
        dto.fee,
        dto.freeOver ?? null,
        dto.estimatedDaysMin ?? null,
        dto.estimatedDaysMax ?? null,
        dto.active ?? true,
        dto.position ?? 0,
      ],
      this.dataSource.manager,
    );
    return this.toDto(row);
  }

  async update(id: string, dto: UpdateDeliveryZoneDto): Promise<DeliveryZoneDto> {
    for (const field of REQUIRED) {
      if ((dto as Record<string, unknown>)[field] === null)
        throw new ValidationFailedError([{ field, messages: [`${field} must not be null`] }]);
    }
    return this.dataSource.transaction(async (m) => {
      const [current] = await query<ZoneRow>(
        `SELECT ${COLUMNS} FROM delivery_zone WHERE id = $1 AND archived_at IS NULL FOR UPDATE`,
        [id],
        m,
      );
      if (!current) throw new NotFoundError('Delivery zone', { deliveryZoneId: id });
      const pick = <K extends keyof UpdateDeliveryZoneDto>(k: K, fallback: unknown) =>
        dto[k] === undefined ? fallback : dto[k];
      const min = pick('estimatedDaysMin', current.estimated_days_min) as number | null;
      const max = pick('estimatedDaysMax', current.estimated_days_max) as number | null;
      this.checkDays(min, max);
      const country = pick('country', current.country) as string | null;
      // UPDATE … RETURNING: TypeORM's postgres driver answers [rows, affectedCount].
      const [[row]] = await query<ZoneRow[]>(
        `UPDATE delivery_zone
            SET name = $2, description = $3, country = $4, states = $5::varchar[], fee = $6, free_over = $7,
                estimated_days_min = $8, estimated_days_max = $9, active = $10, position = $11, updated_at = now()
          WHERE id = $1
        RETURNING ${COLUMNS}`,
        [
          id,
          pick('name', current.name),
          pick('description', current.description),
          country?.toUpperCase() ?? null,
          dto.states === undefined ? current.states : this.cleanStates(dto.states),
          pick('fee', current.fee),
          pick('freeOver', current.free_over),
          min,
          max,
          pick('active', current.active),
          pick('position', current.position),
        ],
        m,
      );
      return this.toDto(row);
    });
  }

  /**
   * Deletes a zone, or archives it when orders refer to it (they keep its name and fee; it leaves
   * every list and can no longer be chosen). The zone row lock makes a checkout choosing it at the
   * same moment (which holds it FOR SHARE) either finish first — and archive it — or find it gone.
   */
  async remove(id: string): Promise<DeliveryZoneRemovalDto> {
    return this.dataSource.transaction(async (m) => {
      const [zone] = await query<{ id: string }>(
        `SELECT id FROM delivery_zone WHERE id = $1 AND archived_at IS NULL FOR UPDATE`,
        [id],
        m,
      );
      if (!zone) throw new NotFoundError('Delivery zone', { deliveryZoneId: id });
      const [{ used }] = await query<{ used: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM "order" WHERE delivery_zone_id = $1) AS used`,
        [id],
        m,
      );
      if (used) {
        await m.query(
          `UPDATE delivery_zone SET archived_at = now(), active = false, updated_at = now() WHERE id = $1`,
          [id],
        );
        return { id, outcome: 'archived' as const };
      }
      await m.query(`DELETE FROM delivery_zone WHERE id = $1`, [id]);
      return { id, outcome: 'deleted' as const };
    });
  }

  /**
   * How delivery is priced for a checkout (with the shipping address) or a cart preview (without):
   * - a zone id: that active zone's fee and free threshold; unknown, inactive or archived → 400
   *   INVALID_DELIVERY_ZONE; an address outside its region → 400 DELIVERY_ZONE_MISMATCH naming both;
   * - no zone id: the flat SHIPPING_FEE / FREE_SHIPPING_OVER rule while the shop has no active
   *   zones, else 400 DELIVERY_ZONE_REQUIRED.
   * Inside a transaction the zone row is held FOR SHARE (see remove()).
   */
  async ruleFor(
    zoneId: string | undefined,
    address: DeliveryAddress | undefined,
    m: EntityManager,
  ): Promise<DeliveryRule> {
    if (!zoneId) {
      const [{ any }] = await query<{ any: boolean }>(
        prepared(`SELECT EXISTS (SELECT 1 FROM delivery_zone WHERE active AND archived_at IS NULL) AS any`),
        [],
        m,
      );
      if (any)
        throw new BadRequestError('DELIVERY_ZONE_REQUIRED', 'Choose a delivery zone (deliveryZoneId)', {
          fields: [{ field: 'deliveryZoneId', messages: ['deliveryZoneId is required'] }],
        });
      return { zone: null, fee: this.config.shipping.fee, freeOver: this.config.shipping.freeOver };
    }
    const lock = m.queryRunner?.isTransactionActive ? 'FOR SHARE' : '';
    const [row] = await query<ZoneRow>(
      prepared(
        `SELECT ${COLUMNS} FROM delivery_zone WHERE id = $1 AND active AND archived_at IS NULL ${lock}`,
      ),
      [zoneId],
      m,
    );
    if (!row)
      throw new BadRequestError(
        'INVALID_DELIVERY_ZONE',
        'This delivery zone is not available; choose another',
        {
          deliveryZoneId: zoneId,
        },
      );
    if (address) this.assertCovers(row, address);
    return {
      zone: {
        id: row.id,
        name: row.name,
        estimatedDaysMin: row.estimated_days_min,
        estimatedDaysMax: row.estimated_days_max,
      },
      fee: money(row.fee),
      freeOver: moneyOrNull(row.free_over),
    };
  }

  /** The first active zone in display order whose region covers the address (the demo orders' choice). */
  async firstCovering(address: DeliveryAddress): Promise<string | undefined> {
    const rows = await query<ZoneRow>(
      `SELECT ${COLUMNS} FROM delivery_zone WHERE active AND archived_at IS NULL ORDER BY position, name, id`,
      [],
      this.dataSource.manager,
    );
    return rows.find((r) => this.covers(r, address))?.id;
  }

  private covers(zone: ZoneRow, address: DeliveryAddress): boolean {
    const countryOk = !zone.country || sameText(zone.country, address.country);
    return countryOk && (!zone.states.length || zone.states.some((s) => sameText(s, address.state)));
  }

  private assertCovers(zone: ZoneRow, address: DeliveryAddress): void {
    if (this.covers(zone, address)) return;
    const region = [zone.states.join(' / '), zone.country].filter(Boolean).join(', ');
    throw new BadRequestError(
      'DELIVERY_ZONE_MISMATCH',
      `The delivery zone "${zone.name}" covers ${region}, but the shipping address is in ${address.state}, ${address.country.toUpperCase()}`,
      {
        deliveryZoneId: zone.id,
        zone: { name: zone.name, country: zone.country, states: zone.states },
        address: { state: address.state, country: address.country.toUpperCase() },
      },
    );
  }

  private checkDays(min: number | null, max: number | null): void {
    if (min !== null && max !== null && max < min)
      throw new ValidationFailedError([
        { field: 'estimatedDaysMax', messages: ['estimatedDaysMax must be at least estimatedDaysMin'] },
      ]);
  }

  private cleanStates(states: string[]): string[] {
    const out: string[] = [];
    for (const s of states.map((x) => x.trim())) if (s && !out.some((o) => sameText(o, s))) out.push(s);
    return out;
  }

  private toDto(r: ZoneRow): DeliveryZoneDto {
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      country: r.country,
      states: r.states,
      fee: money(r.fee),
      freeOver: moneyOrNull(r.free_over),
      estimatedDaysMin: r.estimated_days_min,
      estimatedDaysMax: r.estimated_days_max,
      currency: this.config.currency,
      active: r.active,
      position: r.position,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
