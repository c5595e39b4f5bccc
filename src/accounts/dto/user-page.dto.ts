import { UserDto } from './user.dto';

export class UserPageDto {
  data: UserDto[];
  /** Number of users matching the filters, over all pages. */
  total: number;
  page: number;
  perPage: number;
}
