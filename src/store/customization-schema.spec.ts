import { customizationSchemaErrors, normalizeCustomizationSchema } from './customization-schema';

describe('customization option schema', () => {
  const giftPack = [
    { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
    { name: 'inscription', type: 'text', required: false, maxLength: 40 },
    { name: 'phone', type: 'phone', required: false },
  ];

  it('accepts the gift pack schema and an empty list', () => {
    expect(customizationSchemaErrors(giftPack)).toEqual([]);
    expect(customizationSchemaErrors([])).toEqual([]);
  });

  it('requires values for select, and only for select', () => {
    expect(customizationSchemaErrors([{ name: 'colour', type: 'select', required: true }])).toEqual([
      'customizationOptions[0].values must list the choices of a select option',
    ]);
    expect(
      customizationSchemaErrors([{ name: 'colour', type: 'select', required: true, values: [] }]),
    ).toHaveLength(1);
    expect(
      customizationSchemaErrors([{ name: 'colour', type: 'select', required: true, values: ['Red', 'Red'] }]),
    ).toEqual(['customizationOptions[0].values must not repeat']);
    expect(
      customizationSchemaErrors([{ name: 'note', type: 'text', required: true, values: ['x'] }]),
    ).toEqual(['customizationOptions[0].values is only allowed for select options']);
  });

  it('allows maxLength only on text, within 1-500', () => {
    expect(
      customizationSchemaErrors([{ name: 'note', type: 'text', required: true, maxLength: 0 }]),
    ).toHaveLength(1);
    expect(
      customizationSchemaErrors([{ name: 'note', type: 'text', required: true, maxLength: 501 }]),
    ).toHaveLength(1);
    expect(
      customizationSchemaErrors([{ name: 'note', type: 'text', required: true, maxLength: 2.5 }]),
    ).toHaveLength(1);
    expect(
      customizationSchemaErrors([{ name: 'tel', type: 'phone', required: true, maxLength: 10 }]),
    ).toEqual(['customizationOptions[0].maxLength is only allowed for text options']);
  });

  it('refuses unknown types, missing fields, extra keys and duplicate names', () => {
    expect(customizationSchemaErrors([{ name: 'x', type: 'date', required: true }])).toEqual([
      'customizationOptions[0].type must be one of text, select, phone',
    ]);
    expect(customizationSchemaErrors([{ type: 'text' }])).toEqual([
      'customizationOptions[0].name must be 1-50 characters',
      'customizationOptions[0].required must be true or false',
    ]);
    expect(customizationSchemaErrors([{ name: 'x', type: 'text', required: true, price: 5 }])).toEqual([
      'customizationOptions[0].price is not allowed',
    ]);
    expect(
      customizationSchemaErrors([
        { name: 'Inscription', type: 'text', required: true },
        { name: ' inscription ', type: 'text', required: false },
      ]),
    ).toEqual(['customizationOptions[1].name "inscription" is used twice']);
    expect(customizationSchemaErrors('nope')).toEqual(['customizationOptions must be a list']);
    expect(customizationSchemaErrors([null])).toEqual(['customizationOptions[0] must be an object']);
  });

  it('caps the number of options and choices', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `o${i}`, type: 'phone', required: false }));
    expect(customizationSchemaErrors(many)).toEqual(['at most 20 customization options are allowed']);
    const values = Array.from({ length: 51 }, (_, i) => `v${i}`);
    expect(customizationSchemaErrors([{ name: 's', type: 'select', required: true, values }])).toHaveLength(
      1,
    );
  });

  it('normalises names and drops keys that do not apply', () => {
    expect(
      normalizeCustomizationSchema([
        { name: ' recipient ', type: 'select', required: true, values: [' Male', 'Female '] },
        { name: 'inscription', type: 'text', required: false, maxLength: 40 },
      ]),
    ).toEqual([
      { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
      { name: 'inscription', type: 'text', required: false, maxLength: 40 },
    ]);
  });
});
