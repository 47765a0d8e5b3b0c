export const PACKAGE_BUDGET_MB: number;
export const SHIPPABLE_LICENSES: ReadonlySet<string>;
export const REVIEWED_LICENSES: Readonly<Record<string, { license: string; why: string }>>;
export interface ProductionPackage {
  location: string;
  name: string;
  version: string;
  license: string | null;
}
export function productionPackages(root?: string): ProductionPackage[];
export function shippableLicense(pkg: { name: string; license: string | null }): string | null;
export function checkPackage(root?: string): {
  files: { path: string; size: number }[];
  total: number;
  perPackage: (ProductionPackage & { size: number })[];
  refused: (ProductionPackage & { size: number })[];
};
