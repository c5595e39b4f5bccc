import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import {
  createValidationPipe,
  flattenValidationErrors,
  MAX_NESTING_DEPTH,
  nestsDeeperThan,
  ValidationFailedError,
} from './validation-error';

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

class Option {
  @IsString()
  name: string;

  @IsBoolean()
  required: boolean;
}

class Product {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => Option)
  options?: Option[];

  @IsOptional()
  @ValidateNested()
  @Type(() => Address)
  address?: Address;
}

/** What the app's global pipe answers for a body (the ValidationFailedError it throws). */
async function throughPipe(body: unknown): Promise<ValidationFailedError> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Product });
  } catch (err) {
    return err as ValidationFailedError;
  }
  throw new Error('expected the body to be refused');
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

  it('reports what is wrong with a nested list that was sent, never that it is required', async () => {
    // Nest's pipe drops the value of every error that has children (here: the list breaks its own
    // rule and its entries theirs), which used to read as "options is required".
    const error = await throughPipe({ options: [{ key: 'a', label: 'b' }, {}, {}] });
    expect(error.message).toBe('options must contain no more than 2 elements');
    const found = (error.details as { fields: { field: string; messages: string[] }[] }).fields;
    expect(found.slice(0, 3)).toEqual([
      { field: 'options', messages: ['options must contain no more than 2 elements'] },
      { field: 'options.0.key', messages: ['property key should not exist'] },
      { field: 'options.0.label', messages: ['property label should not exist'] },
    ]);
    expect(found.find((f) => f.field === 'options.0.name')?.messages).toEqual(['options.0.name is required']);
  });

  it('still says a nested field that is truly missing is required, through the pipe too', async () => {
    const error = await throughPipe({ address: { state: 'CA' } });
    expect(error.message).toBe('address.postalCode is required');
    const wrong = await throughPipe({ address: { postalCode: 'N1', state: 'California' } });
    expect(wrong.message).toBe('state must be shorter than or equal to 5 characters');
  });

  it('measures nesting without recursion, and the pipe refuses bodies deeper than MAX_NESTING_DEPTH', async () => {
    const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    expect(nestsDeeperThan({ a: [1, { b: 'x' }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: ['x'] }] }, 3)).toBe(true);
    expect(nestsDeeperThan('scalar', 0)).toBe(false);
    expect(nestsDeeperThan(nested(1_000_000), MAX_NESTING_DEPTH)).toBe(true);

    // 5000 levels overflowed class-transformer's recursion: a RangeError, answered 500.
    const deep = await throughPipe({ options: nested(5000) }).catch((err: unknown) => err);
    expect(deep).toMatchObject({ status: 400, code: 'NESTING_TOO_DEEP' });
    expect((deep as Error).message).toBe('The body nests arrays or objects deeper than 32 levels');
    const fine = await throughPipe({ address: { state: 'CA' }, options: [] });
    expect(fine.code).toBe('VALIDATION_FAILED');
  });
});
