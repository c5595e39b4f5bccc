import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { flattenValidationErrors, ValidationFailedError } from './validation-error';

class Address {
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  postalCode: string;

  @IsOptional()
  @IsString()
  @MaxLength(5)
  state?: string;
}

class Order {
  @IsNotEmpty({ message: 'currentPassword is required to change email or password' })
  @IsString()
  currentPassword: string;

  @ValidateNested()
  @Type(() => Address)
  address: Address;
}

const fields = (body: object) => flattenValidationErrors(validateSync(plainToInstance(Order, body)));

describe('flattenValidationErrors', () => {
  it('says a missing required field is required, once, with its full path', () => {
    expect(fields({ currentPassword: 'x', address: {} })).toEqual([
      { field: 'address.postalCode', messages: ['address.postalCode is required'] },
    ]);
  });

  it("keeps a DTO's own wording for a missing value", () => {
    expect(fields({ address: { postalCode: 'N1' } })).toEqual([
      { field: 'currentPassword', messages: ['currentPassword is required to change email or password'] },
    ]);
  });

  it('lists every broken rule of a value that is there', () => {
    expect(fields({ currentPassword: 'x', address: { postalCode: 'N1', state: 'California' } })).toEqual([
      { field: 'address.state', messages: ['state must be shorter than or equal to 5 characters'] },
    ]);
    const wrongType = fields({ currentPassword: 'x', address: { postalCode: 42 } });
    expect(wrongType[0].messages).toEqual(expect.arrayContaining(['postalCode must be a string']));
  });

  it('puts the first message of the first field in the 400 message', () => {
    const error = new ValidationFailedError(fields({ currentPassword: 'x', address: {} }));
    expect(error.message).toBe('address.postalCode is required');
    expect(error.status).toBe(400);
  });
});
