/**
 * What a courier charges for: the greater of the actual weight and the
 * volumetric weight (length × width × height in cm, divided by the
 * courier's divisor, commonly 6000 in China for express, 8000 or 12000 for
 * some economy products), rounded up to the courier's step.
 *
 * @example chargeableWeightKg(1.2, { lengthCm: 40, widthCm: 30, heightCm: 21 }, { divisor: 6000, stepKg: 0.5 }) // 4.5
 */
export interface Dimensions {
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

export function chargeableWeightKg(weightKg: number, dimensions: Dimensions | undefined, options: { divisor: number; stepKg: number }): number {
  if (!(options.divisor > 0) || !(options.stepKg > 0)) throw new RangeError("the volumetric divisor and the weight step must be positive");
  const volumetric = dimensions ? (dimensions.lengthCm * dimensions.widthCm * dimensions.heightCm) / options.divisor : 0;
  const weight = Math.max(weightKg, volumetric);
  // In grams, so that 0.1 + 0.2 kg does not round up to a further step.
  const stepGrams = Math.round(options.stepKg * 1000);
  const grams = Math.round(weight * 1_000_000) / 1000;
  return (Math.ceil(grams / stepGrams) * stepGrams) / 1000;
}
