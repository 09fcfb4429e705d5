/** Tunables of the data engine; every default mirrors what Apple does or documents. */
export interface EngineConfig {
  /** How long a new build stays PROCESSING before it reaches its outcome. */
  processingDelayMs: number;
  /** TestFlight builds expire 90 days after upload. */
  buildExpiryDays: number;
  /** Page size when `limit` is omitted. */
  defaultLimit: number;
  /** Related items per resource inside `included` when `limit[rel]` is omitted (Apple's documented maximum). */
  defaultIncludeLimit: number;
  /** The emulated team: bundle ID `seedId` defaults to it. */
  teamId: string;
  /**
   * Filters Apple matches as case-insensitive substrings rather than exactly, as `type.attribute`
   * (`*` for any type). Clients must re-check exact matches themselves.
   */
  substringFilters: string[];
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  processingDelayMs: 3000,
  buildExpiryDays: 90,
  defaultLimit: 50,
  defaultIncludeLimit: 50,
  teamId: "A1B2C3D4E5",
  substringFilters: ["bundleIds.identifier", "*.name"],
};

export function resolveEngineConfig(config: Partial<EngineConfig> = {}): EngineConfig {
  return { ...DEFAULT_ENGINE_CONFIG, ...config };
}
