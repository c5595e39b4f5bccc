import { CustomizationOption } from '../store/customization-option';
import { canonicalCustomizations, customizationsKey, InvalidCustomizationError } from './customizations';

const options: CustomizationOption[] = [
  { name: 'inscription', type: 'text', required: false, maxLength: 10 },
  { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
  { name: 'phone', type: 'phone', required: false },
];

function failure(input: Record<string, unknown>): InvalidCustomizationError {
  try {
    canonicalCustomizations(options, input);
  } catch (e) {
    if (e instanceof InvalidCustomizationError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('canonicalCustomizations', () => {
  it('trims, drops empty optional values and sorts keys', () => {
    const out = canonicalCustomizations(options, { recipient: 'Female ', inscription: '  Hi ', phone: '' });
    expect(Object.keys(out)).toEqual(['inscription', 'recipient']);
    expect(out).toEqual({ inscription: 'Hi', recipient: 'Female' });
  });

  it('treats key order as irrelevant', () => {
    const a = canonicalCustomizations(options, { recipient: 'Male', inscription: 'A' });
    const b = canonicalCustomizations(options, { inscription: 'A', recipient: 'Male' });
    expect(customizationsKey(a)).toBe(customizationsKey(b));
    expect(customizationsKey(a)).not.toBe(customizationsKey({ ...a, inscription: 'B' }));
  });

  it('names the option in every refusal', () => {
    expect(failure({ recipient: 'Male', colour: 'red' })).toMatchObject({
      status: 400,
      details: { option: 'colour' },
      message: expect.stringContaining('"colour"'),
    });
    expect(failure({})).toMatchObject({
      details: { option: 'recipient' },
      message: 'Customization "recipient" is required',
    });
    expect(failure({ recipient: 'Other' }).message).toBe(
      'Customization "recipient" must be one of: Male, Female',
    );
    expect(failure({ recipient: 'Male', inscription: 'x'.repeat(11) }).message).toBe(
      'Customization "inscription" must be at most 10 characters',
    );
    expect(failure({ recipient: 'Male', phone: 'call me' }).details).toEqual({ option: 'phone' });
    expect(failure({ recipient: 'Male', phone: '+1 23' }).details).toEqual({ option: 'phone' });
    expect(failure({ recipient: 5 }).details).toEqual({ option: 'recipient' });
    expect(failure({ recipient: 'Male', inscription: 'a\nb' }).details).toEqual({ option: 'inscription' });
  });

  it('accepts usual phone spellings', () => {
    for (const phone of ['+234 803 123 4567', '(555) 123-4567', '08031234567']) {
      expect(canonicalCustomizations(options, { recipient: 'Male', phone }).phone).toBe(phone);
    }
  });

  it('counts characters, not UTF-16 units, against maxLength', () => {
    expect(
      canonicalCustomizations(options, { recipient: 'Male', inscription: '🎁'.repeat(10) }).inscription,
    ).toHaveLength(20);
  });

  it('refuses customisations on a product without options', () => {
    expect(() => canonicalCustomizations([], { inscription: 'x' })).toThrow(InvalidCustomizationError);
    expect(canonicalCustomizations([], undefined)).toEqual({});
  });
});
