import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { isStaff, Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ForbiddenError } from '../common/errors/domain-error';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { DeliveryZonesService } from './delivery-zones.service';
import { CreateDeliveryZoneDto } from './dto/create-delivery-zone.dto';
import { DeliveryZoneDto, DeliveryZoneRemovalDto } from './dto/delivery-zone.dto';
import { ListDeliveryZonesQueryDto } from './dto/list-delivery-zones-query.dto';
import { UpdateDeliveryZoneDto } from './dto/update-delivery-zone.dto';

@ApiTags('delivery-zones')
@Controller('delivery-zones')
export class DeliveryZonesController {
  constructor(private readonly zones: DeliveryZonesService) {}

  /** Active delivery zones in display order, for the storefront's select list; staff may add the inactive ones. */
  @Public()
  @Get()
  @ApiOkResponse({ type: [DeliveryZoneDto] })
  @ApiErrors(
    400,
    [401, 'A bearer token was sent but is invalid or expired'],
    [403, 'includeInactive is for staff'],
  )
  list(
    @CurrentUser() user: AuthUser | undefined,
    @Query() q: ListDeliveryZonesQueryDto,
  ): Promise<DeliveryZoneDto[]> {
    if (q.includeInactive && !(user && isStaff(user.role)))
      throw new ForbiddenError('Only staff may list inactive delivery zones');
    return this.zones.list(!!q.includeInactive);
  }

  /** One active zone (staff also see inactive ones). */
  @Public()
  @Get(':id')
  @ApiOkResponse({ type: DeliveryZoneDto })
  @ApiErrors(400, [401, 'A bearer token was sent but is invalid or expired'], 404)
  get(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeliveryZoneDto> {
    return this.zones.get(id, !!user && isStaff(user.role));
  }

  /** Creates a delivery zone (staff). A name in use is 409 DELIVERY_ZONE_NAME_TAKEN. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Staff, Role.Admin)
  @Post()
  @UseGuards(JsonBodyGuard)
  @ApiCreatedResponse({ type: DeliveryZoneDto })
  @ApiErrors(400, 401, 403, 409, 415)
  create(@Body() dto: CreateDeliveryZoneDto): Promise<DeliveryZoneDto> {
    return this.zones.create(dto);
  }

  /** Changes a zone (staff); orders placed before keep the name and fee they were placed with. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Staff, Role.Admin)
  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: DeliveryZoneDto })
  @ApiErrors(400, 401, 403, 404, 409, 415)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateDeliveryZoneDto,
  ): Promise<DeliveryZoneDto> {
    return this.zones.update(id, dto);
  }

  /** Deletes a zone (staff); one that orders refer to is archived instead (`outcome: "archived"`). */
  @ApiBearerAuth('bearer')
  @Roles(Role.Staff, Role.Admin)
  @Delete(':id')
  @ApiOkResponse({ type: DeliveryZoneRemovalDto })
  @ApiErrors(400, 401, 403, 404)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<DeliveryZoneRemovalDto> {
    return this.zones.remove(id);
  }
}
