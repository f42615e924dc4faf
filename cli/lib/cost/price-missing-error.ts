/** an instance type the price table has no price for. */
export class PriceMissingError extends Error {
  constructor(
    /** hosting, training or the workspace */
    public readonly use: 'hosting' | 'training' | 'workspace',
    /** the instance type without a price */
    public readonly instanceType: string,
    /** where the config uses it */
    public readonly where: string,
    /** the instance types the table prices for that use */
    public readonly known: readonly string[],
  ) {
    super(
      `no ${use} price for ${instanceType} (${where}) in cli/lib/cost/prices.eu-west-1.json; add it from https://aws.amazon.com/sagemaker/pricing/ or use one of ${known.join(', ')}`,
    );
    this.name = 'PriceMissingError';
  }
}
