import type { components } from "../../spec/openapi.js";

export type ScreenshotDisplayType = components["schemas"]["ScreenshotDisplayType"];
export type PreviewType = components["schemas"]["PreviewType"];

/** A width × height in pixels. */
export type Size = readonly [width: number, height: number];

/** Apple's per-set limits (facts §10, §11). */
export const MAX_SCREENSHOTS_PER_SET = 10;
export const MAX_PREVIEWS_PER_SET = 3;
export const MIN_PREVIEW_SECONDS = 15;
export const MAX_PREVIEW_SECONDS = 30;
/** Apple's upload rounding can push a file over 30 s; above this we warn (facts §11). */
export const SAFE_PREVIEW_SECONDS = 29.5;
export const MAX_PREVIEW_BYTES = 500 * 1024 * 1024;
export const MAX_PREVIEW_FPS = 30;

const iphone67: Size[] = [[1320, 2868], [1290, 2796], [1260, 2736]];
const iphone65: Size[] = [[1284, 2778], [1242, 2688]];
const iphone61: Size[] = [[1206, 2622], [1179, 2556]];
const iphone58: Size[] = [[1170, 2532], [1125, 2436], [1080, 2340]];
const iphone55: Size[] = [[1242, 2208]];
const iphone47: Size[] = [[750, 1334]];
const ipad129v3: Size[] = [[2064, 2752], [2048, 2732]];
const ipad129: Size[] = [[2048, 2732]];
const ipad11: Size[] = [[1668, 2420], [1668, 2388], [1640, 2360], [1488, 2266]];
const ipad105: Size[] = [[1668, 2224]];

const withLandscape = (portrait: Size[]): Size[] => [...portrait, ...portrait.map(([w, h]): Size => [h, w])];

/**
 * Accepted pixel sizes per screenshot display type: the table in facts §10 (fastlane's device table
 * and a validator that cites Apple's page agree). iPhone and iPad types accept the transpose of each
 * portrait size; the 4" and 3.5" landscape lists are Apple's own (they are not plain transposes).
 */
const SCREENSHOT_SIZES: Record<ScreenshotDisplayType, Size[]> = {
  APP_IPHONE_67: withLandscape(iphone67),
  APP_IPHONE_65: withLandscape(iphone65),
  APP_IPHONE_61: withLandscape(iphone61),
  APP_IPHONE_58: withLandscape(iphone58),
  APP_IPHONE_55: withLandscape(iphone55),
  APP_IPHONE_47: withLandscape(iphone47),
  APP_IPHONE_40: [[640, 1096], [640, 1136], [1136, 600], [1136, 640]],
  APP_IPHONE_35: [[640, 920], [640, 960], [960, 600], [960, 640]],
  APP_IPAD_PRO_3GEN_129: withLandscape(ipad129v3),
  APP_IPAD_PRO_129: withLandscape(ipad129),
  APP_IPAD_PRO_3GEN_11: withLandscape(ipad11),
  APP_IPAD_105: withLandscape(ipad105),
  APP_IPAD_97: [[1536, 2048], [1536, 2008], [768, 1024], [768, 1004], [2048, 1536], [2048, 1496], [1024, 768], [1024, 748]],
  APP_DESKTOP: [[1280, 800], [1440, 900], [2560, 1600], [2880, 1800]],
  APP_APPLE_TV: [[1920, 1080], [3840, 2160]],
  APP_APPLE_VISION_PRO: [[3840, 2160]],
  APP_WATCH_ULTRA: [[422, 514], [410, 502]],
  APP_WATCH_SERIES_10: [[416, 496]],
  APP_WATCH_SERIES_7: [[396, 484]],
  APP_WATCH_SERIES_4: [[368, 448]],
  APP_WATCH_SERIES_3: [[312, 390]],
  // iMessage types take the sizes of their APP_* counterparts (facts §10).
  IMESSAGE_APP_IPHONE_67: withLandscape(iphone67),
  IMESSAGE_APP_IPHONE_65: withLandscape(iphone65),
  IMESSAGE_APP_IPHONE_61: withLandscape(iphone61),
  IMESSAGE_APP_IPHONE_58: withLandscape(iphone58),
  IMESSAGE_APP_IPHONE_55: withLandscape(iphone55),
  IMESSAGE_APP_IPHONE_47: withLandscape(iphone47),
  IMESSAGE_APP_IPHONE_40: [[640, 1096], [640, 1136], [1136, 600], [1136, 640]],
  IMESSAGE_APP_IPAD_PRO_3GEN_129: withLandscape(ipad129v3),
  IMESSAGE_APP_IPAD_PRO_3GEN_11: withLandscape(ipad11),
  IMESSAGE_APP_IPAD_PRO_129: withLandscape(ipad129),
  IMESSAGE_APP_IPAD_105: withLandscape(ipad105),
  IMESSAGE_APP_IPAD_97: [[1536, 2048], [1536, 2008], [768, 1024], [768, 1004], [2048, 1536], [2048, 1496], [1024, 768], [1024, 748]],
};

export interface PreviewResolution {
  sizes: Size[];
  /** Several independent sources state it (iPhone 886×1920, iPad 1200×1600); the others are unverified (facts §11). */
  verified: boolean;
}

const iphonePreview: PreviewResolution = { sizes: withLandscape([[886, 1920]]), verified: true };
const ipadPreview: PreviewResolution = { sizes: withLandscape([[1200, 1600]]), verified: true };

/** Preview resolutions per preview type (facts §11). IPHONE_35 has no stated resolution and is not checked. */
const PREVIEW_RESOLUTIONS: Partial<Record<PreviewType, PreviewResolution>> = {
  IPHONE_67: iphonePreview,
  IPHONE_65: iphonePreview,
  IPHONE_61: iphonePreview,
  IPHONE_58: iphonePreview,
  IPHONE_55: { sizes: withLandscape([[1080, 1920]]), verified: true },
  IPHONE_40: { sizes: withLandscape([[1080, 1920]]), verified: true },
  IPHONE_47: { sizes: withLandscape([[750, 1334]]), verified: false },
  IPAD_PRO_3GEN_129: ipadPreview,
  IPAD_PRO_129: ipadPreview,
  IPAD_PRO_3GEN_11: ipadPreview,
  IPAD_105: ipadPreview,
  IPAD_97: { sizes: withLandscape([[900, 1200]]), verified: false },
  DESKTOP: { sizes: [[1920, 1080]], verified: false },
  APPLE_TV: { sizes: [[1920, 1080]], verified: false },
  APPLE_VISION_PRO: { sizes: [[3840, 2160]], verified: false },
};

export const SCREENSHOT_DISPLAY_TYPES = Object.keys(SCREENSHOT_SIZES) as ScreenshotDisplayType[];
export const PREVIEW_TYPES: PreviewType[] = [
  "IPHONE_67", "IPHONE_61", "IPHONE_65", "IPHONE_58", "IPHONE_55", "IPHONE_47", "IPHONE_40", "IPHONE_35",
  "IPAD_PRO_3GEN_129", "IPAD_PRO_3GEN_11", "IPAD_PRO_129", "IPAD_105", "IPAD_97", "DESKTOP", "APPLE_TV", "APPLE_VISION_PRO",
];

export const isScreenshotDisplayType = (value: string): value is ScreenshotDisplayType => value in SCREENSHOT_SIZES;
export const isPreviewType = (value: string): value is PreviewType => (PREVIEW_TYPES as string[]).includes(value);

export function screenshotSizes(displayType: ScreenshotDisplayType): readonly Size[] {
  return SCREENSHOT_SIZES[displayType];
}

export function previewResolution(previewType: PreviewType): PreviewResolution | undefined {
  return PREVIEW_RESOLUTIONS[previewType];
}

export const fitsSize = (sizes: readonly Size[], width: number, height: number): boolean => sizes.some(([w, h]) => w === width && h === height);

export const formatSize = ([w, h]: Size): string => `${w}×${h}`;

/** "1320×2868, 1290×2796, 1260×2736 (or landscape)" — portrait sizes first, landscape folded when it is the plain transpose. */
export function describeSizes(sizes: readonly Size[]): string {
  const portrait = sizes.filter(([w, h]) => w <= h);
  const transposed = portrait.length > 0 && portrait.every(([w, h]) => fitsSize(sizes, h, w)) && sizes.length === portrait.length * 2;
  return transposed ? `${portrait.map(formatSize).join(", ")} (or landscape)` : sizes.map(formatSize).join(", ");
}
