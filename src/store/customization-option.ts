/**
 * Personalisation a shopper adds to a line (engraving, recipient, ribbon colour, phone):
 * validated against the product's options, snapshotted on the order line, never affects stock.
 */
export type CustomizationType = 'text' | 'select' | 'phone';

export interface CustomizationOption {
  name: string;
  type: CustomizationType;
  required: boolean;
  /** Allowed values for `select`. */
  values?: string[];
  /** Max length for `text`. */
  maxLength?: number;
}

/** What a cart line / order line carries: option name -> chosen value. */
export type Customizations = Record<string, string>;
