import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, MaxLength, validate, ValidateNested } from 'class-validator';

import { DomainError, ErrorCode } from '../errors';
import { flattenValidationErrors, toInvalidInputError } from './validation-errors';

class AddressDto {
  @IsString()
  @MaxLength(5)
  city: string;
}

class PersonDto {
  @IsString()
  name: string;

  @IsInt()
  age: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  @ValidateNested({ each: true })
  @Type(() => AddressDto)
  previous: AddressDto[];
}

async function validationErrorsOf(input: object) {
  return validate(plainToInstance(PersonDto, input), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
}

const valid = { name: 'Jane', age: 30, address: { city: 'Rome' }, previous: [] };

describe(flattenValidationErrors.name, () => {
  it('uses dotted paths for nested fields', async () => {
    const errors = await validationErrorsOf({ ...valid, address: { city: 7 } });

    expect(flattenValidationErrors(errors)).toEqual([
      {
        field: 'address.city',
        messages: [
          'address.city must be shorter than or equal to 5 characters',
          'address.city must be a string',
        ],
      },
    ]);
  });

  it('uses the index for array elements', async () => {
    const errors = await validationErrorsOf({ ...valid, previous: [{ city: 'Rome' }, {}] });

    expect(flattenValidationErrors(errors).map((error) => error.field)).toEqual([
      'previous.1.city',
    ]);
  });

  it('names an unknown property', async () => {
    const errors = await validationErrorsOf({ ...valid, address: { city: 'Rome', zip: 1 } });

    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'address.zip', messages: ['address.zip is not an allowed property'] },
    ]);
  });

  it('lists fields in declaration order', async () => {
    const errors = await validationErrorsOf({ address: { city: 'Rome' }, previous: [] });

    expect(flattenValidationErrors(errors).map((error) => error.field)).toEqual(['name', 'age']);
  });
});

describe(toInvalidInputError.name, () => {
  it('names the first field and counts the others', async () => {
    const errors = await validationErrorsOf({ name: 1, age: 'x', address: {}, previous: [] });

    const error = toInvalidInputError(errors);

    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(error.field).toBe('name');
    expect(error.detail).toBe(
      'name must be a string. 2 more fields are invalid, as listed in errors.',
    );
    expect(error.extra?.errors).toHaveLength(3);
  });

  it('says one more field when there is one', async () => {
    const errors = await validationErrorsOf({ ...valid, name: 1, age: 'x' });

    expect(toInvalidInputError(errors).detail).toBe(
      'name must be a string. One more field is invalid, as listed in errors.',
    );
  });

  it('describes a single failure in one sentence', async () => {
    const errors = await validationErrorsOf({ ...valid, age: 'x' });

    expect(toInvalidInputError(errors).detail).toBe('age must be an integer number.');
  });
});
